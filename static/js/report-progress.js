// Live progress of a report being built: polls the status endpoint and updates the bar,
// then reloads once when the job finishes so the download links appear.
(function () {
  "use strict";
  var box = document.querySelector(".report-progress");
  if (!box || box.dataset.finished === "true" || !window.fetch) { return; }
  var hint = box.querySelector(".noscript-hint");
  if (hint) { hint.hidden = true; }
  var bar = box.querySelector("progress");
  var percent = box.querySelector("[data-report-percent]");
  var stage = box.querySelector("[data-report-stage]");
  var status = box.querySelector("[data-report-status]");
  var live = box.querySelector("[data-report-live]");
  var lastStage = "";

  function update(data) {
    bar.value = data.progress;
    bar.textContent = data.progress + "%";
    percent.textContent = data.progress + "%";
    stage.textContent = data.stage;
    status.textContent = data.status_label || data.status;
    if (data.stage !== lastStage) { live.textContent = data.stage; lastStage = data.stage; }
    if (data.finished) { window.location.reload(); return; }
    window.setTimeout(poll, 1500);
  }

  function poll() {
    fetch(box.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(update)
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
})();
