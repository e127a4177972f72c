// DOM helpers. User text only ever enters the page through textContent (el's string children
// and `text`), never through innerHTML: a name or message body cannot become markup.

/**
 * Creates an element: el('button', {className: 'x', onclick, 'aria-label': 'Close'}, 'text', child).
 * Props that exist on the element are set as properties, the rest as attributes; a null or
 * false prop is skipped. String children become text nodes.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key in node && !key.includes('-')) node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces all children of `node`. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

/** The element with this id; throws when the page lacks it (a broken index.html). */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} missing from the page`);
  return node;
}

/**
 * Makes `container`'s children match `items` in order, reusing the node of each key:
 * render(item) builds a node, update(node, item) refreshes one. Nodes of keys no longer
 * present are removed. Focus and scroll stay where they were for nodes that survive.
 */
export function reconcile(container, items, key, render, update) {
  const existing = new Map();
  for (const child of container.children) existing.set(child.dataset.key, child);
  let cursor = container.firstElementChild;
  const keep = new Set();
  for (const item of items) {
    const k = key(item);
    keep.add(k);
    let node = existing.get(k);
    if (node) update(node, item);
    else {
      node = render(item);
      node.dataset.key = k;
    }
    if (node !== cursor) container.insertBefore(node, cursor);
    else cursor = cursor.nextElementSibling;
  }
  for (const [k, node] of existing) if (!keep.has(k)) node.remove();
}

/** "14:05" for today, "Mar 3, 14:05" for other days, in the reader's locale. */
export function shortTime(iso) {
  const d = new Date(iso);
  const sameDay = d.toDateString() === new Date().toDateString();
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return sameDay ? time : `${d.toLocaleDateString([], { month: 'short', day: 'numeric' })}, ${time}`;
}
