// No request, cookie or storage write without a grant or a session. Top frame only: a frame shares sessionStorage, so a second recorder would reuse seqs.
(() => {
  const self = document.currentScript as HTMLScriptElement | null;
  let top = false;
  try {
    top = window.top === window;
  } catch {
    // a parent we may not even look at: not the top frame
  }
  if (!self || !top) return;
  let active = /[#/?&]glimpse=/.test(location.hash);
  try {
    active ||= sessionStorage.getItem("glimpse.session") !== null;
  } catch {
    // storage blocked: only a grant can start a recording
  }
  if (!active) return;
  const recorder = document.createElement("script");
  recorder.src = new URL("recorder.js", self.src).href;
  recorder.async = true;
  recorder.nonce = self.nonce;
  document.head.append(recorder);
})();
