// pad.mjs: driving the "Draw a digit" pad in browser tests (drawing_pad.mjs, digit_answers.mjs).
//   padState(page)              the page hook labUi._lab_ui_drawing_pad() (web/ui/drawing_window.hpp):
//                               {open, strokes, digit: 784 values or [], toggle, pad, undo, clear:
//                               boxes [x, y, w, h] in CSS px}
//   waitPad(page, what, test)   waits until test(padState) holds
//   centre(box)                 a box's centre {x, y}
//   line(box, a, b, n)          n + 1 points from a to b, given as fractions [fx, fy] of the box
//   arc(box, c, r, n)           n + 1 points round an ellipse (centre c, radii r, fractions of the
//                               box), from its top, clockwise, back to the top
//   mouseStroke(page, points)   a stroke with the mouse (down, moves a frame or so apart, up)
//   touchStroke(page, points)   the same with one finger (CDP touch events; needs a context with hasTouch)
export const padState = (page) => page.evaluate(() => JSON.parse(labUi.UTF8ToString(labUi._lab_ui_drawing_pad())));

export async function waitPad(page, what, test, { timeout = 15000 } = {}) {
  // Polled from here: the page's CSP allows no eval of the test's source there.
  for (const end = Date.now() + timeout; ; await new Promise((r) => setTimeout(r, 100))) {
    if (test(await padState(page))) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
  }
}

export const centre = (b) => ({ x: b[0] + b[2] / 2, y: b[1] + b[3] / 2 });

const at = (box, fx, fy) => ({ x: box[0] + box[2] * fx, y: box[1] + box[3] * fy });

export const line = (box, a, b, n = 12) => Array.from({ length: n + 1 }, (_, i) =>
  at(box, a[0] + (b[0] - a[0]) * i / n, a[1] + (b[1] - a[1]) * i / n));

export const arc = (box, c, r, n = 32) => Array.from({ length: n + 1 }, (_, i) =>
  at(box, c[0] + r[0] * Math.sin(2 * Math.PI * i / n), c[1] - r[1] * Math.cos(2 * Math.PI * i / n)));

export async function mouseStroke(page, points) {
  await page.mouse.move(points[0].x, points[0].y);
  await page.mouse.down();
  for (const p of points.slice(1)) {
    await page.mouse.move(p.x, p.y);
    await page.waitForTimeout(20);
  }
  await page.mouse.up();
}

export async function touchStroke(page, points) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [points[0]] });
  for (const p of points.slice(1)) {
    await page.waitForTimeout(20);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [p] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}
