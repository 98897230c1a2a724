// The page's sideways overflow on the screen it is shown on, or null when it has none: its width
// and the innermost elements that reach past the screen's edges (tests/browser/test_accessibility.py).
() => {
  const root = document.scrollingElement;
  if (root.scrollWidth <= window.innerWidth) return null;
  // Whether a box that scrolls or clips holds the element in: an absolutely placed element only
  // by one at or above its containing block (offsetParent), a fixed one by none.
  const clipped = (el) => {
    const position = getComputedStyle(el).position;
    if (position === "fixed") return false;
    const from = position === "absolute" ? el.offsetParent : el.parentElement;
    for (let p = from; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== "visible") return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll("*")].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width && (box.right > window.innerWidth + 0.5 || box.left < -0.5) && !clipped(el);
  });
  let leaves = wide.filter((el) => !wide.some((other) => other !== el && el.contains(other)));
  if (!leaves.length) {
    // Nothing reaches past the edges by its box: name the element whose content is widest.
    const all = [...document.body.querySelectorAll("*")];
    leaves = [all.reduce((a, b) => (b.scrollWidth > a.scrollWidth ? b : a), document.body)];
  }
  const describe = (el) => {
    const classes = [...el.classList].map((c) => "." + c).join("");
    const text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    const box = el.getBoundingClientRect();
    return `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes}> ${Math.round(box.left)}–${Math.round(box.right)} px "${text}"`;
  };
  return { width: root.scrollWidth, elements: leaves.slice(0, 5).map(describe) };
}
