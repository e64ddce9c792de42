// The ipywidgets html-manager (1.x) typesets LaTeX in widgets with MathJax 2's API, MathJax.Hub.Queue.
// This site serves MathJax 3, which has no Hub: give every MathJax object the page ends up with a small
// Hub whose Queue forwards to MathJax 3's typesetPromise, so widget snapshots render without errors.
(function () {
  var hub = {
    Queue: function (job) {
      var mathjax = window.MathJax;
      if (mathjax && mathjax.typesetPromise && job && job[2]) {
        mathjax.typesetPromise([job[2]]).catch(function () {});
      }
    },
  };
  function bridge(mathjax) {
    if (mathjax && typeof mathjax === "object" && !mathjax.Hub) {
      mathjax.Hub = hub;
    }
    return mathjax;
  }
  var current = bridge(window.MathJax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    get: function () { return current; },
    set: function (value) { current = bridge(value); },
  });
})();
