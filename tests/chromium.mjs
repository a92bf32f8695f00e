// Headless Chromium as every Node-driven browser test here starts it: Debian's
// /usr/bin/chromium (no test tool can download a browser on this machine), as root
// (--no-sandbox), and without the background connections to outside hosts that the machine's
// closed network refuses.
export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

