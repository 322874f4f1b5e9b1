// Autosave for the case assessment page and the report's narrative (form[data-autosave-kind]).
//
// Each block (an answer with its evidence, the block of case judgements, a narrative box) saves as it
// changes: at once when a choice is made, and while typing after a short pause. A save that cannot reach
// the server is kept in this browser (localStorage) and retried until it arrives, and the banner says so
// (only then: a save on its way is not a problem). Leaving the page with anything unsent asks first.
// A save the server refuses as stale (a colleague saved a newer version) shows the newer value and keeps
// the writer's beside it, to put back or discard: it is never thrown away. If the case was reallocated,
// saving stops and every unsent text stays on the page to copy. Without JavaScript the form posts whole.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch) { return; }
  var kind = form.getAttribute("data-autosave-kind") || "case";
  var url = form.getAttribute("data-autosave-url");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var storeKey = "yjinspect-unsaved:" + url;
  var banner = document.getElementById("autosave-banner");
  var TYPING_PAUSE = 800;   // milliseconds of no typing before a box is sent
  var pending = load();     // block id -> payload not yet acknowledged by the server
  var inFlight = {};        // block id -> payload being sent
  var held = {};            // block id -> why its save is held back (no connection, server problem, signed out)
  var typing = {};          // block id -> timer sending it once typing pauses
  var baseline = {};        // "facts" -> the judgements as last saved (a save sends what it started from)
  var acknowledged = {};    // block id -> what the server last took for it, in words (a repeat is not sent)
  var refused = {};         // block id -> true while the server refuses what it holds (a bad line): kept, not retried
  var gone = "";            // set when the server will take no more saves from this page, with the reason
  var retryDelay = 2000;
  var retryTimer = null;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "{}"); } catch (e) { return {}; }
  }
  function persist() {
    try {
      if (Object.keys(pending).length) { window.localStorage.setItem(storeKey, JSON.stringify(pending)); }
      else { window.localStorage.removeItem(storeKey); }
    } catch (e) { /* private mode: memory only */ }
    var count = Object.keys(held).length;
    if (gone) {
      banner.textContent = gone;
      banner.setAttribute("data-state", "gone");
    } else {
      banner.textContent = count ? count + (count === 1 ? " change is" : " changes are") +
        " not saved yet. They are kept on this device and will be sent when the connection is back." : "";
      banner.setAttribute("data-state", count ? "unsaved" : "");
    }
  }
  function status(id, text, state) {
    var el = document.getElementById("status-" + id);
    if (el) { el.textContent = text; el.setAttribute("data-kind", state); }
  }
  function field(name) { return form.querySelector("[name='" + name + "']"); }
  function checked(name) {
    var el = form.querySelector("input[name='" + name + "']:checked");
    return el ? el.value : "";
  }
  function setRadio(name, value) {
    form.querySelectorAll("input[name='" + name + "']").forEach(function (el) { el.checked = el.value === value; });
  }
  function yesNo(value) {
    return value === true || value === "yes" ? "yes" : value === false || value === "no" ? "no" : "";
  }

  // An earlier programme's case has one case fact, custody or community (short quality screening).
  var settingOnly = kind === "case" && !field("harm_factors");
  var FACT_WORDS = {
    setting: "Setting", harm_factors: "Factors related to harm", safety_wellbeing_factors: "Safety and wellbeing factors",
    inspector_rosh: "Your risk of serious harm classification", inspector_safety_wellbeing: "Your safety and wellbeing classification",
    practice_example: "Practice example", pseudonym: "Pseudonym", real_names: "Real names", offence_type: "Offence type"
  };
  var FACTS = ["harm_factors", "safety_wellbeing_factors", "inspector_rosh", "inspector_safety_wellbeing",
               "practice_example", "pseudonym", "real_names", "offence_type"];

  function factValues() {
    if (settingOnly) { return { setting: checked("setting") }; }
    return {
      harm_factors: checked("harm_factors"), safety_wellbeing_factors: checked("safety_wellbeing_factors"),
      inspector_rosh: field("inspector_rosh").value, inspector_safety_wellbeing: field("inspector_safety_wellbeing").value,
      practice_example: field("practice_example").checked ? "yes" : "", pseudonym: field("pseudonym").value,
      real_names: field("real_names").value, offence_type: field("offence_type").value
    };
  }

  function payload(id) {
    if (kind === "narrative") {
      return { box: id, text: field(id).value, version: Number(field("version-" + id).value) };
    }
    if (id === "facts") {
      var body = factValues();
      body.kind = "facts";
      body.version = Number(field("case_version").value);
      body.was = baseline.facts;  // lets a change to one judgement pass a colleague's change to another
      return body;
    }
    var evidence = field("evidence-" + id);  // prompts have no evidence note of their own
    return {
      kind: "answer", question: id, version: Number(field("version-" + id).value),
      value: checked("answer-" + id), evidence: evidence ? evidence.value : ""
    };
  }

  function showValues(id, body) {
    if (kind === "narrative") {
      field(id).value = body.text || "";
      if (typeof body.version === "number") { field("version-" + id).value = body.version; }
    } else if (id === "facts" && settingOnly) {
      setRadio("setting", body.setting || "");
      if (typeof body.version === "number") { field("case_version").value = body.version; }
    } else if (id === "facts") {
      setRadio("harm_factors", yesNo(body.harm_factors));
      setRadio("safety_wellbeing_factors", yesNo(body.safety_wellbeing_factors));
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

  // What the writer had, as words to read and copy.
  function described(id, body) {
    if (kind === "narrative") { return body.text || ""; }
    if (id === "facts") {
      return (settingOnly ? ["setting"] : FACTS).map(function (name) {
        return (FACT_WORDS[name] || name) + ": " + (body[name] === undefined || body[name] === "" ? "(none)" : body[name]);
      }).join("\n");
    }
    return "Answer: " + (body.value || "(none)") + "\nEvidence: " + (body.evidence || "");
  }

  // Keep the writer's unsaved version beside the block, to put back, copy or discard.
  function keep(id, mine, why, canRestore) {
    var block = form.querySelector("[data-save='" + id + "']");
    if (!block) { return; }
    var old = block.querySelector(".yj-kept[data-client]");
    if (old) { old.remove(); }
    var panel = document.createElement("div");
    panel.className = "yj-kept";
    panel.setAttribute("data-client", "");
    panel.setAttribute("data-kept", id);
    var note = document.createElement("p");
    note.className = "govuk-body govuk-!-font-weight-bold";
    note.textContent = why;
    var label = document.createElement("label");
    label.className = "govuk-label";
    label.htmlFor = "kept-" + id;
    label.textContent = "Yours (not saved)";
    var copy = document.createElement("textarea");
    copy.className = "govuk-textarea";
    copy.id = "kept-" + id;
    copy.readOnly = true;
    copy.rows = 3;
    copy.value = described(id, mine);
    panel.appendChild(note);
    panel.appendChild(label);
    panel.appendChild(copy);
    function button(text, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "govuk-button govuk-button--secondary govuk-!-margin-right-2";
      b.textContent = text;
      b.addEventListener("click", action);
      panel.appendChild(b);
    }
    if (canRestore) {
      button("Put mine back", function () {
        var now = payload(id);  // the newer version now on the page: mine replaces it knowingly
        if (id === "facts") {
          // Only the judgements this writer changed: a colleague's change to another one stays.
          var started = mine.was || {};
          Object.keys(now).forEach(function (k) {
            if (k !== "kind" && k !== "version" && k !== "was" && mine[k] !== undefined && mine[k] !== started[k]) { now[k] = mine[k]; }
          });
          mine = now;
          mine.was = baseline.facts;
        } else {
          mine.version = now.version;
        }
        showValues(id, mine);
        panel.remove();
        queue(id, 0);
      });
    }
    button(canRestore ? "Discard mine" : "I have copied it", function () { panel.remove(); });
    var place = document.getElementById("status-" + id);
    block.insertBefore(panel, place || null);
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

  function flush() { Object.keys(pending).forEach(function (id) { if (!refused[id]) { send(id); } }); }

  function hold(id, text) {
    held[id] = text;
    status(id, text, "offline");
    persist();
    scheduleRetry();
  }

  // The server will take no more saves here (the case was reallocated): keep every unsent text to copy.
  function stop(message) {
    gone = message + " Anything not yet saved is kept on this page beside its box, to copy.";
    Object.keys(pending).forEach(function (id) {
      keep(id, pending[id], "Not saved: " + message, false);
      status(id, "Not saved.", "error");
    });
    pending = {};
    held = {};
    persist();
  }

  function send(id) {
    if (gone || inFlight[id] || !pending[id]) { return; }
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
        delete held[id];
        delete refused[id];
        acknowledged[id] = described(id, body);
        var newer = pending[id] !== body ? pending[id] : null;
        if (id === "facts") {
          baseline.facts = {};
          Object.keys(body).forEach(function (k) { if (k !== "kind" && k !== "version" && k !== "was") { baseline.facts[k] = body[k]; } });
        }
        if (newer) { newer.version = data.version; if (id === "facts") { newer.was = baseline.facts; } } else { delete pending[id]; }
        if (kind === "narrative") { field("version-" + id).value = data.version; }
        else if (id === "facts") { field("case_version").value = data.version; }
        else { field("version-" + id).value = data.version; }
        if (data.applicable) { applicability(data.applicable); }
        status(id, "Saved", "saved");
        persist();
        if (newer && !typing[id]) { send(id); }
      } else if (result.response.status === 409) {
        var mine = pending[id] || body;  // what the writer has now, typed since the save was sent included
        window.clearTimeout(typing[id]);
        delete typing[id];
        delete pending[id];
        delete held[id];
        persist();
        showValues(id, data.current);
        if (id === "facts") { baseline.facts = factValues(); }  // the colleague's judgements, as the page now shows them
        var who = data.current.by ? data.current.by : "A colleague";
        keep(id, mine, "Not saved: " + who + " saved this after you started; their version is shown above. Yours is kept here.", true);
        status(id, "Not saved: " + data.error + (data.current.by ? " (saved by " + data.current.by + ")" : ""), "stale");
      } else if (data.gone) {
        delete held[id];
        stop(data.error);
      } else if (result.response.status >= 500) {
        hold(id, "Not saved yet: the server had a problem. Kept on this device; retrying.");
      } else {
        // Refused for what it says (a malformed line, too long): kept on the page and the device, and leaving
        // still asks; not retried until the writer changes it.
        refused[id] = true;
        delete held[id];
        persist();
        status(id, "Not saved: " + data.error + (data.problems && data.problems.length ? " " + data.problems.join(" ") : ""), "error");
      }
    }).catch(function (error) {
      delete inFlight[id];
      hold(id, error && error.message === "signed out"
        ? "Not saved yet: you have been signed out. Sign in again in another tab; this is kept here and will be sent."
        : "Not saved yet: no connection. Kept on this device; retrying.");
    });
  }

  // Note a block's change (kept on this device at once), and send it after `pause` milliseconds.
  function queue(id, pause) {
    var body = payload(id);
    if (!pending[id] && acknowledged[id] === described(id, body)) { return; }  // leaving a box saved already
    delete refused[id];
    if (inFlight[id]) { body.version = inFlight[id].version; }  // corrected when the save in flight returns
    if (gone) {
      keep(id, body, "Not saved: " + gone, false);
      return;
    }
    pending[id] = body;
    persist();
    window.clearTimeout(typing[id]);
    delete typing[id];
    if (pause) {
      status(id, "Not saved yet: still typing.", "typing");
      typing[id] = window.setTimeout(function () { delete typing[id]; send(id); }, pause);
    } else {
      send(id);
    }
  }

  function blockOf(event) {
    var block = event.target.closest("[data-save]");
    return block && event.target.closest("form") === form ? block.getAttribute("data-save") : null;
  }

  form.addEventListener("change", function (event) {
    var id = blockOf(event);
    if (id && !event.target.readOnly) { queue(id, 0); }
  });
  form.addEventListener("input", function (event) {
    var id = blockOf(event);
    var typed = event.target.tagName === "TEXTAREA" || (event.target.tagName === "INPUT" && event.target.type === "text");
    if (id && typed && !event.target.readOnly) { queue(id, TYPING_PAUSE); }
  });
  // Submitting the whole form (the Save button) sends everything typed: no need to ask before leaving. What
  // is kept on the device stays until a page shows it saved (the post may not arrive: no connection).
  form.addEventListener("submit", function () {
    Object.keys(typing).forEach(function (id) { window.clearTimeout(typing[id]); });
    typing = {};
    submitting = true;
  });
  window.addEventListener("online", function () { retryDelay = 2000; flush(); });
  var submitting = false;
  window.addEventListener("beforeunload", function (event) {
    // Anything not yet saved, or a text kept beside a newer one and not yet put back, discarded or copied.
    if (!submitting && (Object.keys(pending).length || document.querySelector(".yj-kept"))) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  if (kind === "case" && form.querySelector("[data-save='facts']")) { baseline.facts = factValues(); }
  // What the page shows is what the server holds, except boxes it gave back unsaved after a refused form:
  // those are sent now (each box on its own: the well-formed ones save, a malformed one says why again).
  var givenBack = [];
  form.querySelectorAll("[data-save]").forEach(function (block) {
    var id = block.getAttribute("data-save");
    if (block.hasAttribute("data-unsaved")) { givenBack.push(id); } else { acknowledged[id] = described(id, payload(id)); }
  });
  // Changes kept from an earlier visit (the connection was lost before they arrived): show and send them,
  // unless the page already shows them saved (the whole form's post arrived after all).
  Object.keys(pending).forEach(function (id) {
    if (givenBack.indexOf(id) >= 0 || acknowledged[id] === described(id, pending[id])) {
      delete pending[id];
      return;
    }
    showValues(id, pending[id]);
    held[id] = "Not saved yet: sending now.";
    status(id, held[id], "offline");
  });
  givenBack.forEach(function (id) {
    pending[id] = payload(id);
    status(id, "Not saved yet: sending now.", "saving");
  });
  persist();
  flush();
  form.setAttribute("data-autosave-ready", "");
})();
