// The loader. Dormant unless this tab holds a consent grant (#glimpse=…) or a recording session:
// then it loads the recorder from wherever it was itself loaded from. Dormant means no request,
// no cookie and no storage write.
(() => {
  const self = document.currentScript as HTMLScriptElement | null;
  let active = /(^#|&)glimpse=/.test(location.hash);
  try {
    active ||= sessionStorage.getItem("glimpse.session") !== null;
  } catch {
    // storage blocked: only a grant can start a recording
  }
  if (!self || !active) return;
  const recorder = document.createElement("script");
  recorder.src = new URL("recorder.js", self.src).href;
  recorder.async = true;
  recorder.nonce = self.nonce;
  document.head.append(recorder);
})();
