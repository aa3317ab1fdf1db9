// Pointer, wheel and keyboard handling of the workflow designer (DesignerInterop, WorkflowDesigner.razor). Everything a
// pointer does between press and release happens here, in the browser, in the frame the pointer moved: dragging steps
// (with the edges that touch them), drawing a link from a port, panning and zooming. Only the result goes to the server:
// the steps' new places on release, the link when it is dropped on a step, a selection on click, a step type dropped
// from the palette, and the keyboard's commands. The server renders the draft that results; a refused move snaps back.
// Where the pointer is goes to the server at most 20 times a second, for the other editors, whose pointers this module
// draws in .wf-pointers (a layer the server renders empty and never touches).
//
// The canvas tells this module how it is drawn: .wf-viewport is the group this module pans and zooms (the server never
// renders its transform); each step is a g.wf-step with data-step, data-x, data-y, data-w, data-h and data-selected,
// its ports circle.wf-port with data-port (their names are drawn inside the step's group, so they move with it); each edge
// a path.wf-edge with data-from, data-port and data-to. Paths are drawn with the same formula as the server's
// (WorkflowCanvas.Edge).

const attached = new WeakMap();

// Measurements of the last drags, for the responsiveness benchmark: each pointer move (its event's time), when this
// module began and finished moving the steps for it, and whether the step stood where the pointer put it in the next
// animation frame.
const samples = [];

const MIN_ZOOM = 0.2;
const MAX_ZOOM = 2.5;
const GRID = 8;
const DRAG_THRESHOLD = 4;

/** Starts handling input in the designer's canvas (surface) and its palette; options: { readOnly }. */
export function attach(surface, palette, target, options) {
  detach(surface);
  const state = {
    surface,
    target,
    readOnly: !!(options && options.readOnly),
    view: { x: 24, y: 24, k: 1 },
    press: null,
  };
  const handlers = {
    pointerdown: (e) => pointerDown(state, e),
    pointermove: (e) => pointerMove(state, e),
    pointerup: (e) => pointerUp(state, e),
    pointercancel: () => cancel(state),
    pointerleave: () => pointerLeave(state),
    wheel: (e) => wheel(state, e),
    keydown: (e) => keyDown(state, e),
    dragover: (e) => {
      if (!state.readOnly && e.dataTransfer && e.dataTransfer.types.includes("application/x-workflow-step")) {
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
      }
    },
    drop: (e) => drop(state, e),
  };
  for (const [name, handler] of Object.entries(handlers)) {
    surface.addEventListener(name, handler, name === "wheel" ? { passive: false } : false);
  }
  const paletteHandlers = {
    dragstart: (e) => {
      const item = e.target.closest && e.target.closest("[data-palette-type]");
      if (!item || state.readOnly) {
        return;
      }
      e.dataTransfer.setData("application/x-workflow-step", item.dataset.paletteType);
      e.dataTransfer.effectAllowed = "copy";
    },
  };
  if (palette) {
    for (const [name, handler] of Object.entries(paletteHandlers)) {
      palette.addEventListener(name, handler);
    }
  }
  attached.set(surface, { state, handlers, palette, paletteHandlers });
  attachMinimap(state);
  fit(surface);
  surface.dataset.designerReady = "true"; // the browser tests wait for it
}

/** Stops handling input. */
export function detach(surface) {
  const entry = attached.get(surface);
  if (!entry) {
    return;
  }
  clearTimeout(entry.state.pointerTimer);
  for (const [name, handler] of Object.entries(entry.handlers)) {
    surface.removeEventListener(name, handler, name === "wheel" ? { passive: false } : false);
  }
  if (entry.palette) {
    for (const [name, handler] of Object.entries(entry.paletteHandlers)) {
      entry.palette.removeEventListener(name, handler);
    }
  }
  detachMinimap(entry.state);
  attached.delete(surface);
  delete surface.dataset.designerReady;
}

/** Scales and moves the view so that every step shows, at most at full size. */
export function fit(surface) {
  const entry = attached.get(surface);
  if (!entry) {
    return;
  }
  const steps = [...surface.querySelectorAll(".wf-step")].map(box);
  const width = surface.clientWidth || 800;
  const height = surface.clientHeight || 500;
  if (steps.length === 0) {
    setView(entry.state, { x: 24, y: 24, k: 1 });
    return;
  }
  const left = Math.min(...steps.map((s) => s.x));
  const top = Math.min(...steps.map((s) => s.y));
  const right = Math.max(...steps.map((s) => s.x + s.w));
  const bottom = Math.max(...steps.map((s) => s.y + s.h + 24));
  const margin = 32;
  const k = clamp(Math.min((width - margin * 2) / (right - left), (height - margin * 2) / (bottom - top), 1), MIN_ZOOM, MAX_ZOOM);
  setView(entry.state, {
    x: (width - (right - left) * k) / 2 - left * k,
    y: Math.max(margin, (height - (bottom - top) * k) / 2) - top * k,
    k,
  });
}

/** Zooms by a factor around the middle of the canvas. */
export function zoomBy(surface, factor) {
  const entry = attached.get(surface);
  if (entry) {
    zoomAround(entry.state, factor, (surface.clientWidth || 800) / 2, (surface.clientHeight || 500) / 2);
  }
}

/** The canvas point in the middle of what shows (where a step added from the palette by keyboard goes). */
export function viewCenter(surface) {
  const entry = attached.get(surface);
  if (!entry) {
    return { x: 0, y: 0 };
  }
  const { x, y, k } = entry.state.view;
  return { x: ((surface.clientWidth || 800) / 2 - x) / k, y: ((surface.clientHeight || 500) / 2 - y) / k };
}

/** The zoom in percent, for the toolbar. */
export function zoomLevel(surface) {
  const entry = attached.get(surface);
  return entry ? Math.round(entry.state.view.k * 100) : 100;
}

/** Offers `text` as a file to save (the draft's JSON), without a round trip for the file. */
export function download(fileName, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The drag measurements so far (see samples above). */
export function dragSamples() {
  return samples.slice();
}

export function clearDragSamples() {
  samples.length = 0;
}

function box(step) {
  return {
    el: step,
    id: step.dataset.step,
    x: Number(step.dataset.x),
    y: Number(step.dataset.y),
    w: Number(step.dataset.w),
    h: Number(step.dataset.h),
  };
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

function setView(state, view) {
  state.view = view;
  const viewport = state.surface.querySelector(".wf-viewport");
  if (viewport) {
    viewport.setAttribute("transform", `translate(${view.x} ${view.y}) scale(${view.k})`);
  }
  const grid = state.surface.querySelector(".wf-grid-pattern");
  if (grid) {
    // The dotted grid moves and scales with the canvas.
    grid.setAttribute("patternTransform", `translate(${view.x} ${view.y}) scale(${view.k})`);
  }
  drawMinimapView(state);
  state.surface.dataset.zoom = String(Math.round(view.k * 100));
  const label = state.surface.parentElement && state.surface.parentElement.querySelector("[data-zoom-label]");
  if (label) {
    label.textContent = `${Math.round(view.k * 100)} %`;
  }
}

function zoomAround(state, factor, px, py) {
  const { x, y, k } = state.view;
  const next = clamp(k * factor, MIN_ZOOM, MAX_ZOOM);
  // Keep the canvas point under (px, py) where it is.
  setView(state, { x: px - ((px - x) * next) / k, y: py - ((py - y) * next) / k, k: next });
}

function local(state, e) {
  const rect = state.surface.getBoundingClientRect();
  return { x: e.clientX - rect.left, y: e.clientY - rect.top };
}

function toCanvas(state, point) {
  const { x, y, k } = state.view;
  return { x: (point.x - x) / k, y: (point.y - y) / k };
}

function pointerDown(state, e) {
  if (e.button !== 0 || state.press) {
    return;
  }
  const at = local(state, e);
  const port = e.target.closest(".wf-port");
  const step = e.target.closest(".wf-step");
  if (port && step && !state.readOnly) {
    const from = box(step);
    const start = { x: from.x + Number(port.getAttribute("cx")), y: from.y + Number(port.getAttribute("cy")) };
    state.press = { kind: "link", from: from.id, port: port.dataset.port, start, at };
  } else if (step) {
    const additive = e.shiftKey || e.ctrlKey || e.metaKey;
    const selected = step.dataset.selected === "true";
    const group = selected && !additive
      ? [...state.surface.querySelectorAll('.wf-step[data-selected="true"]')].map(box)
      : [box(step)];
    state.press = { kind: "step", id: step.dataset.step, additive, selected, group, at, moved: false, edges: null };
  } else {
    state.press = { kind: "pan", at, view: { ...state.view }, moved: false };
  }
  state.surface.setPointerCapture(e.pointerId);
  state.surface.focus({ preventScroll: true });
  e.preventDefault();
}

// Where this editor's pointer is, for the others' screens: at most 20 reports a second, and one when it leaves.
const POINTER_INTERVAL = 50;

function reportPointer(state, e) {
  const now = performance.now();
  const at = toCanvas(state, local(state, e));
  state.pointerAt = at;
  if (state.pointerTimer) {
    return;
  }
  const wait = Math.max(0, POINTER_INTERVAL - (now - (state.pointerSent || 0)));
  state.pointerTimer = setTimeout(() => {
    state.pointerTimer = null;
    state.pointerSent = performance.now();
    const last = state.pointerAt;
    if (last) {
      call(state, "Point", Math.round(last.x), Math.round(last.y));
    }
  }, wait);
}

function pointerLeave(state) {
  state.pointerAt = null;
  if (state.pointerTimer) {
    clearTimeout(state.pointerTimer);
    state.pointerTimer = null;
  }
  call(state, "Point", null, null);
}

/** Draws another editor's pointer (canvas coordinates) with their name in their colour; null x removes it. */
export function showPointer(surface, seat, name, color, x, y) {
  const layer = surface.querySelector(".wf-pointers");
  if (!layer) {
    return;
  }
  let pointer = layer.querySelector(`[data-seat="${CSS.escape(seat)}"]`);
  if (x === null || x === undefined) {
    if (pointer) {
      pointer.remove();
    }
    return;
  }
  if (!pointer) {
    const ns = "http://www.w3.org/2000/svg";
    pointer = document.createElementNS(ns, "g");
    pointer.setAttribute("class", "wf-pointer");
    pointer.dataset.seat = seat;
    const arrow = document.createElementNS(ns, "path");
    arrow.setAttribute("d", "M0,0 L0,16 L4.5,12 L8,19 L10.5,18 L7,11 L12,11 z");
    const tag = document.createElementNS(ns, "rect");
    tag.setAttribute("x", "10");
    tag.setAttribute("y", "14");
    tag.setAttribute("rx", "4");
    tag.setAttribute("height", "18");
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", "16");
    label.setAttribute("y", "27");
    pointer.append(arrow, tag, label);
    layer.append(pointer);
  }
  pointer.style.setProperty("--pointer-color", color);
  const label = pointer.querySelector("text");
  if (label.textContent !== name) {
    label.textContent = name;
    pointer.querySelector("rect").setAttribute("width", String(Math.ceil(label.getComputedTextLength()) + 12));
  }
  pointer.setAttribute("transform", `translate(${x} ${y})`);
}

function pointerMove(state, e) {
  reportPointer(state, e);
  const press = state.press;
  if (!press) {
    return;
  }
  const at = local(state, e);
  const dx = at.x - press.at.x;
  const dy = at.y - press.at.y;
  if (!press.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) {
    return;
  }
  press.moved = true;
  if (press.kind === "pan") {
    setView(state, { x: press.view.x + dx, y: press.view.y + dy, k: press.view.k });
  } else if (press.kind === "link") {
    const end = toCanvas(state, at);
    const preview = state.surface.querySelector(".wf-link-preview");
    if (preview) {
      preview.setAttribute("d", curve(press.start.x, press.start.y, end.x, end.y));
      preview.style.display = "";
    }
    const over = stepAt(e.clientX, e.clientY);
    state.surface.querySelectorAll(".wf-step[data-link-target]").forEach((s) => s.removeAttribute("data-link-target"));
    if (over && over.dataset.step !== press.from) {
      over.setAttribute("data-link-target", "true");
    }
  } else if (press.kind === "step" && !state.readOnly) {
    const begun = performance.now();
    const k = state.view.k;
    for (const s of press.group) {
      place(s.el, s.x + dx / k, s.y + dy / k);
    }
    // The edges that touch the dragged steps, found once per drag: a move redraws only those.
    press.edges ??= edgesOf(state.surface, new Set(press.group.map((s) => s.id)));
    redraw(press.edges);
    const first = press.group[0];
    const expected = { x: first.x + dx / k, y: first.y + dy / k };
    const applied = performance.now();
    const sample = { event: e.timeStamp, begun, applied, expected, ok: null, frame: null };
    samples.push(sample);
    if (samples.length > 2000) {
      samples.shift();
    }
    requestAnimationFrame((frame) => {
      sample.frame = frame;
      sample.ok = Number(first.el.dataset.x) === expected.x && Number(first.el.dataset.y) === expected.y;
    });
  }
}

async function pointerUp(state, e) {
  const press = state.press;
  if (!press) {
    return;
  }
  state.press = null;
  if (state.surface.hasPointerCapture(e.pointerId)) {
    state.surface.releasePointerCapture(e.pointerId);
  }
  if (press.kind === "pan") {
    if (!press.moved) {
      await call(state, "Select", [], false);
    }
    return;
  }
  if (press.kind === "link") {
    const preview = state.surface.querySelector(".wf-link-preview");
    if (preview) {
      preview.style.display = "none";
    }
    state.surface.querySelectorAll(".wf-step[data-link-target]").forEach((s) => s.removeAttribute("data-link-target"));
    const over = stepAt(e.clientX, e.clientY);
    if (over && over.dataset.step !== press.from) {
      await call(state, "Connect", press.from, press.port, over.dataset.step);
    }
    return;
  }
  // A step: a click selects; a drag moves every step it carried, snapped to the grid.
  if (!press.moved || state.readOnly) {
    if (!press.moved) {
      await call(state, "Select", [press.id], press.additive);
    }
    return;
  }
  const ids = [];
  const xs = [];
  const ys = [];
  for (const s of press.group) {
    const x = snap(Number(s.el.dataset.x));
    const y = snap(Number(s.el.dataset.y));
    place(s.el, x, y);
    ids.push(s.id);
    xs.push(x);
    ys.push(y);
  }
  redrawEdges(state.surface, new Set(ids));
  const accepted = await call(state, "Moved", ids, xs, ys);
  if (accepted === false) {
    for (const s of press.group) {
      place(s.el, s.x, s.y);
    }
    redrawEdges(state.surface, new Set(ids));
  }
}

function cancel(state) {
  const press = state.press;
  state.press = null;
  if (press && press.kind === "step") {
    for (const s of press.group) {
      place(s.el, s.x, s.y);
    }
    redrawEdges(state.surface, new Set(press.group.map((s) => s.id)));
  }
  const preview = state.surface.querySelector(".wf-link-preview");
  if (preview) {
    preview.style.display = "none";
  }
}

function wheel(state, e) {
  e.preventDefault();
  const at = local(state, e);
  if (e.ctrlKey || e.metaKey || !e.shiftKey) {
    zoomAround(state, Math.exp(-e.deltaY * 0.0015), at.x, at.y);
  } else {
    setView(state, { ...state.view, x: state.view.x - e.deltaY });
  }
}

// The steps in reading order: top to bottom, then left to right, as the keyboard goes through them.
function stepsInOrder(surface) {
  return [...surface.querySelectorAll(".wf-step")]
    .map(box)
    .sort((a, b) => a.y - b.y || a.x - b.x)
    .map((s) => s.id);
}

// Brings a step chosen with the keyboard into view, if it is not, without changing the zoom.
function showStep(state, id) {
  const step = [...state.surface.querySelectorAll(".wf-step")].find((s) => s.dataset.step === id);
  if (!step) {
    return;
  }
  const b = box(step);
  const rect = state.surface.getBoundingClientRect();
  const { x, y, k } = state.view;
  const left = b.x * k + x;
  const top = b.y * k + y;
  if (left >= 0 && top >= 0 && left + b.w * k <= rect.width && top + b.h * k <= rect.height) {
    return;
  }
  setView(state, { x: rect.width / 2 - (b.x + b.w / 2) * k, y: rect.height / 2 - (b.y + b.h / 2) * k, k });
}

// Choosing steps with the keyboard: an arrow picks the first step when none is chosen; Tab and Shift+Tab go to the
// next or previous one, and past the last (or the first) let go so that Tab leaves the canvas (no keyboard trap);
// Enter goes to the chosen step's properties.
function keyboardChoice(state, e) {
  const selected = (state.surface.dataset.selected || "").split(" ").filter(Boolean);
  const order = stepsInOrder(state.surface);
  if (e.key === "Tab" && selected.length > 0 && !e.ctrlKey && !e.metaKey && !e.altKey) {
    const at = order.indexOf(selected[0]);
    const next = e.shiftKey ? at - 1 : at + 1;
    if (at < 0 || next < 0 || next >= order.length) {
      call(state, "Command", "selectNone");
      return true; // handled, but the browser moves the focus on
    }
    e.preventDefault();
    showStep(state, order[next]);
    call(state, "Command", `select:${order[next]}`);
    return true;
  }
  if (e.key.startsWith("Arrow") && selected.length === 0 && order.length > 0) {
    e.preventDefault();
    showStep(state, order[0]);
    call(state, "Command", `select:${order[0]}`);
    return true;
  }
  if (e.key === "Enter" && selected.length === 1) {
    const field = document.querySelector("[data-testid=step-panel] input:not([disabled]), [data-testid=step-panel] textarea:not([disabled])");
    if (field) {
      e.preventDefault();
      field.focus();
    }
    return true;
  }
  return false;
}

function keyDown(state, e) {
  if (keyboardChoice(state, e)) {
    return;
  }
  const ctrl = e.ctrlKey || e.metaKey;
  const key = e.key;
  let command = null;
  if (key === "Delete" || key === "Backspace") {
    command = "delete";
  } else if (ctrl && (key === "z" || key === "Z")) {
    command = e.shiftKey ? "redo" : "undo";
  } else if (ctrl && (key === "y" || key === "Y")) {
    command = "redo";
  } else if (ctrl && (key === "c" || key === "C")) {
    command = "copy";
  } else if (ctrl && (key === "v" || key === "V")) {
    command = "paste";
  } else if (ctrl && (key === "a" || key === "A")) {
    command = "selectAll";
  } else if (key === "Escape") {
    command = "selectNone";
  } else if (key.startsWith("Arrow")) {
    const step = e.shiftKey ? GRID * 4 : GRID;
    const [dx, dy] = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[key];
    command = `nudge:${dx}:${dy}`;
  } else if (key === "+" || key === "=") {
    zoomBy(state.surface, 1.2);
  } else if (key === "-") {
    zoomBy(state.surface, 1 / 1.2);
  } else if (key === "0") {
    fit(state.surface);
  } else {
    return;
  }
  e.preventDefault();
  if (command && (!state.readOnly || command.startsWith("select") || command === "copy")) {
    call(state, "Command", command);
  }
}

async function drop(state, e) {
  const type = e.dataTransfer && e.dataTransfer.getData("application/x-workflow-step");
  if (!type || state.readOnly) {
    return;
  }
  e.preventDefault();
  const at = toCanvas(state, local(state, e));
  // The pointer holds the new step by the middle of its top edge.
  await call(state, "Drop", type, at.x - 88, at.y - 12);
}

async function call(state, method, ...args) {
  try {
    return await state.target.invokeMethodAsync(method, ...args);
  } catch {
    return false; // the circuit is gone; the page will say so
  }
}

function stepAt(clientX, clientY) {
  const element = document.elementFromPoint(clientX, clientY);
  return element && element.closest ? element.closest(".wf-step") : null;
}

function snap(value) {
  return Math.round(value / GRID) * GRID;
}

function place(step, x, y) {
  step.dataset.x = String(x);
  step.dataset.y = String(y);
  step.setAttribute("transform", `translate(${x} ${y})`);
}

// The edge from a port's point down into the top of the target; the same curve as WorkflowCanvas.Edge on the server.
export function curve(sx, sy, tx, ty) {
  const bend = Math.max(40, Math.abs(ty - sy) / 2);
  return `M${round(sx)},${round(sy)} C${round(sx)},${round(sy + bend)} ${round(tx)},${round(ty - bend)} ${round(tx)},${round(ty)}`;
}

function round(value) {
  return Math.round(value * 10) / 10;
}

// The edges to or from the steps `moved`, each with its source, its port's offset and its target.
function edgesOf(surface, moved) {
  const found = [];
  for (const edge of surface.querySelectorAll(".wf-edge")) {
    const from = edge.dataset.from;
    const to = edge.dataset.to;
    if (!moved.has(from) && !moved.has(to)) {
      continue;
    }
    const source = surface.querySelector(`.wf-step[data-step="${CSS.escape(from)}"]`);
    const target = surface.querySelector(`.wf-step[data-step="${CSS.escape(to)}"]`);
    const port = source && source.querySelector(`.wf-port[data-port="${CSS.escape(edge.dataset.port)}"]`);
    if (source && target && port) {
      found.push({ edge, source, target, portX: Number(port.getAttribute("cx")) });
    }
  }
  return found;
}

function redraw(edges) {
  for (const { edge, source, target, portX } of edges) {
    const s = box(source);
    const t = box(target);
    edge.setAttribute("d", curve(s.x + portX, s.y + s.h, t.x + t.w / 2, t.y));
  }
}

function redrawEdges(surface, moved) {
  redraw(edgesOf(surface, moved));
}

// The minimap (svg.wf-minimap beside the canvas, rendered empty by the server): every step as a small box, and the part
// of the canvas that shows as a frame. Pressing or dragging on it moves the view there. It is drawn here, from the steps'
// data attributes, whenever they change (a MutationObserver, at most once a frame, not while a step is being dragged).
const MINIMAP_MARGIN = 40;
const SVG = "http://www.w3.org/2000/svg";

function attachMinimap(state) {
  const mini = state.surface.parentElement && state.surface.parentElement.querySelector(".wf-minimap");
  const viewport = state.surface.querySelector(".wf-viewport");
  if (!mini || !viewport) {
    return;
  }
  const redraw = () => {
    if (state.minimapFrame || (state.press && state.press.kind === "step")) {
      return;
    }
    state.minimapFrame = requestAnimationFrame(() => {
      state.minimapFrame = 0;
      drawMinimap(state);
    });
  };
  const observer = new MutationObserver(redraw);
  observer.observe(viewport, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-x", "data-y", "data-selected"] });
  const press = (e) => {
    if (e.button !== 0) {
      return;
    }
    mini.setPointerCapture(e.pointerId);
    state.minimapPress = true;
    centerOn(state, mini, e);
    e.preventDefault();
  };
  const move = (e) => state.minimapPress && centerOn(state, mini, e);
  const release = () => {
    state.minimapPress = false;
  };
  mini.addEventListener("pointerdown", press);
  mini.addEventListener("pointermove", move);
  mini.addEventListener("pointerup", release);
  mini.addEventListener("pointercancel", release);
  state.minimap = { mini, observer, press, move, release, redraw };
  drawMinimap(state);
}

function detachMinimap(state) {
  const m = state.minimap;
  if (!m) {
    return;
  }
  m.observer.disconnect();
  cancelAnimationFrame(state.minimapFrame);
  m.mini.removeEventListener("pointerdown", m.press);
  m.mini.removeEventListener("pointermove", m.move);
  m.mini.removeEventListener("pointerup", m.release);
  m.mini.removeEventListener("pointercancel", m.release);
  state.minimap = null;
}

function drawMinimap(state) {
  if (!state.minimap) {
    return;
  }
  const mini = state.minimap.mini;
  const steps = [...state.surface.querySelectorAll(".wf-step")].map(box);
  mini.dataset.steps = String(steps.length);
  if (steps.length === 0) {
    mini.querySelector(".wf-minimap-steps").replaceChildren();
    return;
  }
  const left = Math.min(...steps.map((s) => s.x)) - MINIMAP_MARGIN;
  const top = Math.min(...steps.map((s) => s.y)) - MINIMAP_MARGIN;
  const right = Math.max(...steps.map((s) => s.x + s.w)) + MINIMAP_MARGIN;
  const bottom = Math.max(...steps.map((s) => s.y + s.h)) + MINIMAP_MARGIN;
  mini.setAttribute("viewBox", `${round(left)} ${round(top)} ${round(right - left)} ${round(bottom - top)}`);
  const boxes = steps.map((s) => {
    const rect = document.createElementNS(SVG, "rect");
    rect.setAttribute("x", String(s.x));
    rect.setAttribute("y", String(s.y));
    rect.setAttribute("width", String(s.w));
    rect.setAttribute("height", String(s.h));
    rect.setAttribute("rx", "6");
    rect.setAttribute("class", s.el.dataset.selected === "true" ? "wf-minimap-step wf-minimap-selected" : "wf-minimap-step");
    return rect;
  });
  mini.querySelector(".wf-minimap-steps").replaceChildren(...boxes);
  drawMinimapView(state);
}

/** The frame of what shows, in canvas units. */
function drawMinimapView(state) {
  const frame = state.minimap && state.minimap.mini.querySelector(".wf-minimap-view");
  if (!frame) {
    return;
  }
  const { x, y, k } = state.view;
  frame.setAttribute("x", String(round(-x / k)));
  frame.setAttribute("y", String(round(-y / k)));
  frame.setAttribute("width", String(round((state.surface.clientWidth || 800) / k)));
  frame.setAttribute("height", String(round((state.surface.clientHeight || 500) / k)));
}

/** Moves the view so that the canvas point under the pointer on the minimap is in the middle of the canvas. */
function centerOn(state, mini, e) {
  const matrix = mini.getScreenCTM();
  if (!matrix) {
    return;
  }
  const point = new DOMPoint(e.clientX, e.clientY).matrixTransform(matrix.inverse());
  const { k } = state.view;
  setView(state, {
    x: (state.surface.clientWidth || 800) / 2 - point.x * k,
    y: (state.surface.clientHeight || 500) / 2 - point.y * k,
    k,
  });
}
