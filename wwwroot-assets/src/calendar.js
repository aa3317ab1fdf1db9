// Pointer and keyboard handling of the staff calendar (CalendarInterop, Calendar.razor). A dragged booking follows
// the pointer here, in the browser, in the frame the pointer moved: nothing waits for the server until the drop.
// The drop goes to the server, which commits it through the booking ledger and renders the booking at its new
// time, or refuses it and says why; the block then snaps back.
//
// The grid tells this module how it is drawn through data attributes: data-pixels-per-hour, data-snap-minutes and
// data-days (true when columns are days, so a booking may be dragged to another day). A block that may be moved
// has data-movable and a .calendar-booking-resize handle on its bottom edge.

const attached = new WeakMap();

// Measurements of the last drags, for the browser test: each pointer move, when the block was moved for it, and
// where the block was in the next animation frame.
const samples = [];

/** Starts handling pointer and keyboard input in the calendar surface (an element that holds the grid). */
export function attach(surface, target) {
  if (attached.has(surface)) {
    attached.get(surface).target = target;
    return;
  }
  const state = { target, drag: null, swallowClick: false };
  const handlers = {
    pointerdown: (e) => pointerDown(state, e),
    pointermove: (e) => pointerMove(state, e),
    pointerup: (e) => pointerUp(state, e),
    pointercancel: () => cancel(state),
    keydown: (e) => keyDown(state, surface, e),
    // A drag ends in a click on the block: it must not open the booking as well.
    click: (e) => {
      if (state.swallowClick) {
        state.swallowClick = false;
        e.stopPropagation();
        e.preventDefault();
      }
    },
  };
  for (const [name, handler] of Object.entries(handlers)) {
    surface.addEventListener(name, handler, name === "click");
  }
  attached.set(surface, { state, handlers });
  surface.dataset.calendarReady = "true"; // drags work from now on (the browser tests wait for it)
}

/** Stops handling input in the surface. */
export function detach(surface) {
  const entry = attached.get(surface);
  if (!entry) {
    return;
  }
  for (const [name, handler] of Object.entries(entry.handlers)) {
    surface.removeEventListener(name, handler, name === "click");
  }
  attached.delete(surface);
  delete surface.dataset.calendarReady;
}

/** The drag measurements so far (see samples above). */
export function dragSamples() {
  return samples.slice();
}

export function clearDragSamples() {
  samples.length = 0;
}

function gridOf(element) {
  const grid = element.closest(".calendar-grid");
  return {
    grid,
    pixelsPerMinute: Number(grid.dataset.pixelsPerHour) / 60,
    snap: Number(grid.dataset.snapMinutes),
    days: grid.dataset.days === "true",
    clock: clockOf(grid.dataset.culture),
  };
}

const clocks = new Map();

// Writes a time of day as the page does (the tenant's culture: "2:15 PM" at acme, "14:15" at globex).
function clockOf(culture) {
  const key = culture || "";
  if (!clocks.has(key)) {
    let format;
    try {
      format = new Intl.DateTimeFormat(culture || undefined, { hour: "numeric", minute: "2-digit", timeZone: "UTC" });
    } catch {
      format = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit", timeZone: "UTC" });
    }
    clocks.set(key, (minutes) => {
      const m = ((minutes % 1440) + 1440) % 1440;
      return format.format(new Date(Date.UTC(2000, 0, 1, Math.floor(m / 60), m % 60)));
    });
  }
  return clocks.get(key);
}

function pointerDown(state, e) {
  if (e.button !== 0 || state.drag) {
    return;
  }
  const block = e.target.closest(".calendar-booking[data-movable]");
  if (!block) {
    return;
  }
  const g = gridOf(block);
  const columns = [...g.grid.querySelectorAll(".calendar-column")];
  const column = block.closest(".calendar-column");
  state.drag = {
    block,
    g,
    mode: e.target.closest(".calendar-booking-resize") ? "resize" : "move",
    pointerId: e.pointerId,
    x0: e.clientX,
    y0: e.clientY,
    top0: block.offsetTop,
    height0: block.offsetHeight,
    columnHeight: column.clientHeight,
    columns: columns.map((c) => c.getBoundingClientRect()),
    column0: columns.indexOf(column),
    rect0: block.getBoundingClientRect(),
    started: false,
    minutes: 0,
    dayDelta: 0,
    lengthDelta: 0,
  };
}

function pointerMove(state, e) {
  const d = state.drag;
  if (!d || e.pointerId !== d.pointerId) {
    return;
  }
  const dx = e.clientX - d.x0;
  const dy = e.clientY - d.y0;
  if (!d.started) {
    if (Math.hypot(dx, dy) < 4) {
      return;
    }
    d.started = true;
    d.block.calendarHeight = d.block.style.height;
    d.block.setPointerCapture(e.pointerId);
    d.block.classList.add("calendar-dragging");
  }
  e.preventDefault();
  const step = d.g.snap * d.g.pixelsPerMinute;
  let shiftX = 0;
  let shiftY = 0;
  let height = d.height0;
  if (d.mode === "move") {
    const lowest = -d.top0;
    const highest = d.columnHeight - d.height0 - d.top0;
    shiftY = Math.min(Math.max(Math.round(dy / step) * step, Math.ceil(lowest / step) * step), Math.floor(highest / step) * step);
    d.minutes = Math.round(shiftY / d.g.pixelsPerMinute);
    if (d.g.days) {
      const index = d.columns.findIndex((r) => e.clientX >= r.left && e.clientX < r.right);
      const to = index < 0 ? d.column0 + d.dayDelta : index;
      d.dayDelta = to - d.column0;
      shiftX = d.columns[to].left - d.columns[d.column0].left;
    }
  } else {
    const tallest = d.columnHeight - d.top0;
    height = Math.min(Math.max(d.height0 + Math.round(dy / step) * step, step), tallest);
    d.lengthDelta = Math.round((height - d.height0) / d.g.pixelsPerMinute);
  }
  d.block.style.setProperty("--calendar-drag", "1");
  d.block.style.transform = `translate(${shiftX}px, ${shiftY}px)`;
  d.block.style.height = `${height}px`;
  d.block.style.zIndex = "5";
  label(d);

  // Measure: the block was moved in this event's task; the next animation frame shows where it is.
  const sample = { event: e.timeStamp, applied: performance.now(), mode: d.mode, expectedTop: d.rect0.top + shiftY, expectedHeight: height };
  samples.push(sample);
  if (samples.length > 500) {
    samples.shift();
  }
  const block = d.block;
  requestAnimationFrame((frame) => {
    const r = block.getBoundingClientRect();
    sample.frame = frame;
    sample.followed = Math.abs(r.top - sample.expectedTop) < 0.5 && Math.abs(r.height - sample.expectedHeight) < 0.5;
  });
}

function label(d) {
  const text = d.block.querySelector(".calendar-booking-drag");
  if (!text) {
    return;
  }
  const start = Number(d.block.dataset.startMinute) + d.minutes;
  const end = start + Number(d.block.dataset.lengthMinutes) + d.lengthDelta;
  const day = d.dayDelta === 0 ? "" : ` (${d.dayDelta > 0 ? "+" : ""}${d.dayDelta} d)`;
  text.textContent = `${d.g.clock(start)}–${d.g.clock(end)}${day}`;
}

async function pointerUp(state, e) {
  const d = state.drag;
  if (!d || e.pointerId !== d.pointerId) {
    return;
  }
  state.drag = null;
  if (!d.started) {
    return; // a click: the block opens the booking
  }
  state.swallowClick = true;
  setTimeout(() => (state.swallowClick = false), 0);
  if (d.minutes === 0 && d.dayDelta === 0 && d.lengthDelta === 0) {
    settle(d.block);
    return;
  }
  await commit(state, d.block, d.minutes, d.dayDelta, d.lengthDelta);
}

function cancel(state) {
  const d = state.drag;
  state.drag = null;
  if (d?.started) {
    snapBack(d.block);
  }
}

/** Sends a move to the server; the block stays where it was dropped until the server answers. */
async function commit(state, block, minutes, days, lengthMinutes) {
  block.classList.add("calendar-saving");
  const sent = performance.now();
  let accepted = false;
  try {
    accepted = await state.target.invokeMethodAsync("Drop", block.dataset.booking, minutes, days, lengthMinutes);
  } catch {
    accepted = false;
  }
  block.classList.remove("calendar-saving");
  samples.push({ mode: "commit", event: sent, answered: performance.now(), accepted });
  if (accepted) {
    settle(block);
  } else {
    snapBack(block);
  }
  return accepted;
}

/** Drops the drag's own styles, unless the server's render has replaced the style already. */
function settle(block) {
  block.classList.remove("calendar-dragging");
  const text = block.querySelector(".calendar-booking-drag");
  if (text) {
    text.textContent = "";
  }
  if (block.style.getPropertyValue("--calendar-drag")) {
    clear(block);
  }
}

function clear(block) {
  const text = block.querySelector(".calendar-booking-drag");
  if (text) {
    text.textContent = "";
  }
  block.style.removeProperty("--calendar-drag");
  block.style.removeProperty("transform");
  block.style.removeProperty("z-index");
  if (block.calendarHeight) {
    block.style.height = block.calendarHeight;
  }
}

/** Moves a refused block back where it was, with a short animation. */
function snapBack(block) {
  block.classList.remove("calendar-dragging");
  block.classList.add("calendar-snapping");
  clear(block);
  setTimeout(() => block.classList.remove("calendar-snapping"), 250);
}

// Keyboard: the arrow keys go from booking to booking and empty time to empty time (up and down in a column, left and
// right to the nearest in the next column); Enter opens (the elements are buttons). With Alt, the arrow keys move the
// focused booking by the snap (up, down) or a day (left, right, in the week view); Alt+Shift+up or down changes its length.
async function keyDown(state, surface, e) {
  const item = e.target.closest(".calendar-booking, .calendar-slot");
  if (!item || !["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"].includes(e.key) || e.ctrlKey || e.metaKey) {
    return;
  }
  e.preventDefault();
  const g = gridOf(item);
  if (e.altKey) {
    if (!item.matches(".calendar-booking[data-movable]")) {
      return;
    }
    const up = e.key === "ArrowUp" ? -1 : e.key === "ArrowDown" ? 1 : 0;
    const side = e.key === "ArrowLeft" ? -1 : e.key === "ArrowRight" ? 1 : 0;
    if (side !== 0 && !g.days) {
      return;
    }
    const id = item.dataset.booking;
    const accepted = e.shiftKey
      ? await commit(state, item, 0, 0, up * g.snap)
      : await commit(state, item, up * g.snap, side, 0);
    if (accepted) {
      surface.querySelector(`.calendar-booking[data-booking="${id}"]`)?.focus();
    }
    return;
  }
  const next = neighbour(g.grid, item, e.key);
  if (next) {
    next.focus();
  }
}

function neighbour(grid, item, key) {
  const columns = [...grid.querySelectorAll(".calendar-column")];
  const column = item.closest(".calendar-column");
  const itemsOf = (c) =>
    [...c.querySelectorAll(".calendar-booking, .calendar-slot")].sort((a, b) => a.offsetTop - b.offsetTop || a.offsetLeft - b.offsetLeft);
  if (key === "ArrowUp" || key === "ArrowDown") {
    const items = itemsOf(column);
    const at = items.indexOf(item);
    return items[at + (key === "ArrowUp" ? -1 : 1)];
  }
  const other = columns[columns.indexOf(column) + (key === "ArrowLeft" ? -1 : 1)];
  if (!other) {
    return null;
  }
  const top = item.offsetTop;
  return itemsOf(other).reduce((best, x) => (!best || Math.abs(x.offsetTop - top) < Math.abs(best.offsetTop - top) ? x : best), null);
}
