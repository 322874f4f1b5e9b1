// "Use" buttons beside suggested sentences: add the sentence to the narrative box, to edit there.
// Without JavaScript the buttons stay hidden and the sentences can be copied by hand.
(function () {
  "use strict";
  document.querySelectorAll(".yj-use").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var box = document.getElementById(button.getAttribute("data-target"));
      var sentence = button.parentNode.querySelector(".yj-suggestion").textContent.trim();
      box.value = box.value.trim() ? box.value.trim() + " " + sentence : sentence;
      box.dispatchEvent(new Event("input", { bubbles: true }));  // saved like typing (autosave.js)
      box.focus();
    });
  });
})();
