// The loader. Dormant unless this tab holds a consent grant (#glimpse=…) or a recording session:
// then it loads the recorder from wherever it was itself loaded from. Dormant means no request,
// no cookie and no storage write.
// Only the top frame records: a same-origin frame shares the tab's sessionStorage, and a second
// recorder there would upload other events under the same seq, which ends the recording.
(() => {
  const self = document.currentScript as HTMLScriptElement | null;
  let top = false;
  try {
    top = window.top === window;
  } catch {
    // a parent we may not even look at: not the top frame
  }
  if (!self || !top) return;
  // Anywhere in the fragment: a hash router may have rewritten it to #/glimpse=… already.
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
