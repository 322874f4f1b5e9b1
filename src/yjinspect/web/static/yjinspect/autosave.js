// Autosave for the case assessment page.
//
// Each answer (and the block of case judgements) saves as soon as it changes. A save that cannot
// reach the server is kept in this browser (localStorage) and retried until it arrives, and the page
// says so; it is never dropped silently. A save the server refuses as stale (someone else saved a
// newer version) shows the newer value instead. Without JavaScript the form posts as a whole.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch) { return; }
  var url = form.getAttribute("data-autosave-url");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var storeKey = "yjinspect-unsaved:" + url;
  var banner = document.getElementById("autosave-banner");
  var pending = load();     // block id -> payload not yet acknowledged by the server
  var inFlight = {};        // block id -> payload being sent
  var retryDelay = 2000;
  var retryTimer = null;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; }
  }
  function persist() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(pending)); } catch (e) { /* private mode: memory only */ }
    var count = Object.keys(pending).length;
    banner.textContent = count ? count + (count === 1 ? " change is" : " changes are") +
      " not saved yet. They are kept on this device and will be sent when the connection is back." : "";
    banner.setAttribute("data-state", count ? "unsaved" : "");
  }
  function status(id, text, kind) {
    var el = document.getElementById("status-" + id);
    if (el) { el.textContent = text; el.setAttribute("data-kind", kind); }
  }
  function field(name) { return form.querySelector("[name='" + name + "']"); }
  function checked(name) {
    var el = form.querySelector("input[name='" + name + "']:checked");
    return el ? el.value : "";
  }
  function setRadio(name, value) {
    form.querySelectorAll("input[name='" + name + "']").forEach(function (el) { el.checked = el.value === value; });
  }

  // An earlier programme's case has one case fact, custody or community (short quality screening).
  var settingOnly = !field("harm_factors");

  function payload(id) {
    if (id === "facts" && settingOnly) {
      return { kind: "facts", version: Number(field("case_version").value), setting: checked("setting") };
    }
    if (id === "facts") {
      return {
        kind: "facts", version: Number(field("case_version").value),
        harm_factors: checked("harm_factors"), safety_wellbeing_factors: checked("safety_wellbeing_factors"),
        inspector_rosh: field("inspector_rosh").value, inspector_safety_wellbeing: field("inspector_safety_wellbeing").value,
        practice_example: field("practice_example").checked ? "yes" : "", pseudonym: field("pseudonym").value,
        real_names: field("real_names").value, offence_type: field("offence_type").value
      };
    }
    var evidence = field("evidence-" + id);  // prompts have no evidence note of their own
    return {
      kind: "answer", question: id, version: Number(field("version-" + id).value),
      value: checked("answer-" + id), evidence: evidence ? evidence.value : ""
    };
  }

  function showValues(id, body) {
    if (id === "facts" && settingOnly) {
      setRadio("setting", body.setting || "");
      if (typeof body.version === "number") { field("case_version").value = body.version; }
    } else if (id === "facts") {
      setRadio("harm_factors", body.harm_factors === true || body.harm_factors === "yes" ? "yes" :
               body.harm_factors === false || body.harm_factors === "no" ? "no" : "");
      setRadio("safety_wellbeing_factors", body.safety_wellbeing_factors === true || body.safety_wellbeing_factors === "yes" ? "yes" :
               body.safety_wellbeing_factors === false || body.safety_wellbeing_factors === "no" ? "no" : "");
      field("inspector_rosh").value = body.inspector_rosh || "";
      field("inspector_safety_wellbeing").value = body.inspector_safety_wellbeing || "";
      field("practice_example").checked = body.practice_example === true || body.practice_example === "yes";
      field("pseudonym").value = body.pseudonym || "";
      field("real_names").value = body.real_names || "";
      field("offence_type").value = body.offence_type || "";
      if (typeof body.version === "number") { field("case_version").value = body.version; }
    } else {
      setRadio("answer-" + id, body.value || "");
      if (field("evidence-" + id)) { field("evidence-" + id).value = body.evidence || ""; }
      if (typeof body.version === "number") { field("version-" + id).value = body.version; }
    }
  }

  function applicability(ids) {
    var open = {};
    ids.forEach(function (id) { open[id] = true; });
    form.querySelectorAll(".yj-question").forEach(function (block) {
      if (open[block.getAttribute("data-question")]) { block.removeAttribute("data-not-applicable"); }
      else { block.setAttribute("data-not-applicable", ""); }
    });
  }

  function scheduleRetry() {
    if (retryTimer) { return; }
    retryTimer = window.setTimeout(function () {
      retryTimer = null;
      retryDelay = Math.min(retryDelay * 2, 30000);
      flush();
    }, retryDelay);
  }

  function flush() { Object.keys(pending).forEach(send); }

  function send(id) {
    if (inFlight[id] || !pending[id]) { return; }
    var body = pending[id];
    inFlight[id] = body;
    status(id, "Saving…", "saving");
    window.fetch(url, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!isJson) {
        // Signed out, or a proxy page while the server restarts: keep the change and try again.
        throw new Error(response.type === "opaqueredirect" ? "signed out" : "no answer from the server");
      }
      return response.json().then(function (data) { return { response: response, data: data }; });
    }).then(function (result) {
      delete inFlight[id];
      var data = result.data;
      if (result.response.ok) {
        retryDelay = 2000;
        var newer = pending[id] !== body ? pending[id] : null;
        if (newer) { newer.version = data.version; } else { delete pending[id]; }
        if (id === "facts") { field("case_version").value = data.version; } else { field("version-" + id).value = data.version; }
        if (data.applicable) { applicability(data.applicable); }
        status(id, "Saved", "saved");
        persist();
        if (newer) { send(id); }
      } else if (result.response.status === 409) {
        delete pending[id];
        persist();
        showValues(id, data.current);
        status(id, "Not saved: " + data.error + (data.current.by ? " (saved by " + data.current.by + ")" : ""), "stale");
      } else if (result.response.status >= 500) {
        status(id, "Not saved yet: the server had a problem. Kept on this device; retrying.", "offline");
        scheduleRetry();
      } else {
        delete pending[id];
        persist();
        status(id, "Not saved: " + data.error + (data.problems && data.problems.length ? " " + data.problems.join(" ") : ""), "error");
      }
    }).catch(function (error) {
      delete inFlight[id];
      status(id, error && error.message === "signed out"
        ? "Not saved yet: you have been signed out. Sign in again in another tab; this answer is kept here and will be sent."
        : "Not saved yet: no connection. Kept on this device; retrying.", "offline");
      persist();
      scheduleRetry();
    });
  }

  function changed(event) {
    var block = event.target.closest("[data-save]");
    if (!block) { return; }
    var id = block.getAttribute("data-save");
    var body = payload(id);
    if (inFlight[id]) { body.version = inFlight[id].version; }  // corrected when the save in flight returns
    pending[id] = body;
    persist();
    send(id);
  }

  form.addEventListener("change", changed);
  window.addEventListener("online", function () { retryDelay = 2000; flush(); });
  window.addEventListener("beforeunload", function (event) {
    if (Object.keys(pending).length) { event.preventDefault(); event.returnValue = ""; }
  });
  // Changes kept from an earlier visit (the connection was lost before they arrived): show and send them.
  Object.keys(pending).forEach(function (id) { showValues(id, pending[id]); status(id, "Not saved yet: sending now.", "offline"); });
  persist();
  flush();
  form.setAttribute("data-autosave-ready", "");
})();
