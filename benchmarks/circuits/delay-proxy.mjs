// A TCP proxy on 127.0.0.1 that holds every chunk for a while in each direction, so that a browser talks to the app over
// what behaves like a distant network: `node delay-proxy.mjs <listen port> <app port> <one-way ms>` (150 ms round trip:
// 75). Order is kept; WebSockets pass through like any other bytes.
import net from 'node:net';

const [listenPort, targetPort, oneWay] = process.argv.slice(2).map(Number);
if (!listenPort || !targetPort || Number.isNaN(oneWay)) {
  console.error('usage: node delay-proxy.mjs <listen port> <app port> <one-way ms>');
  process.exit(2);
}

function delayed(from, to) {
  from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), oneWay));
  from.on('end', () => setTimeout(() => to.end(), oneWay));
  from.on('error', () => to.destroy());
}

net.createServer((client) => {
  const app = net.connect(targetPort, '127.0.0.1');
  delayed(client, app);
  delayed(app, client);
}).listen(listenPort, '127.0.0.1', () => console.log(`delaying 127.0.0.1:${listenPort} -> ${targetPort} by ${oneWay} ms each way`));
