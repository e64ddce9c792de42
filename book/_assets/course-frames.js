// Interactive figures that move on the website. A lesson's interactive figure (helpers/explore.py) is stored with a
// frame for every position its sliders can reach. On the page, its sliders move as usual (the ipywidgets
// html-manager draws them from the saved widget state), but there is no kernel to redraw the figure: this script
// shows the stored frame of the sliders' position instead, with its alt text, at once, whether the slider moved
// by mouse, touch or arrow key.
//
// The cell's outputs hold an empty <div class="course-frames" data-frames="HASH">; book/_ext/course_frames.py writes
// the frames to _static/course-frames/HASH.js, loaded from this site the first time a slider is touched, so that
// the page itself weighs no more. Added to every page by book/_ext/course_frames.py.
(function () {
  "use strict";
  var requested = {};

  function load(hash) {
    if (!requested[hash]) {
      requested[hash] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        var root = document.documentElement.dataset.content_root || "";
        script.src = root + "_static/course-frames/" + hash + ".js";
        script.onload = function () {
          resolve(window.courseFrames[hash]);
        };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return requested[hash];
  }

  function nearest(positions, position) {
    var best = 0;
    positions.forEach(function (candidate, index) {
      if (Math.abs(candidate - position) < Math.abs(positions[best] - position)) best = index;
    });
    return best;
  }

  function positionOf(slider) {
    return Number(slider.noUiSlider.get(true));
  }

  function connect(box, widget) {
    var hash = box.getAttribute("data-frames");
    var sliders = Array.prototype.slice.call(widget.querySelectorAll(".noUi-target"));
    var start = sliders.map(positionOf).join(",");
    widget.setAttribute("data-course-frames", hash);

    function show() {
      var here = sliders.map(positionOf);
      if (!requested[hash] && here.join(",") === start) return; // the stored figure is this frame already
      load(hash).then(function (stored) {
        var key = stored.controls
          .map(function (control, index) {
            return nearest(control.positions, positionOf(sliders[index]));
          })
          .join(",");
        var frame = stored.frames[key];
        var image = widget.querySelector(".widget-output img, .jp-OutputArea-output img");
        if (!frame || !image) return;
        image.setAttribute("src", "data:image/png;base64," + frame.png);
        image.setAttribute("alt", frame.alt);
        widget.setAttribute("data-course-frame", key);
      });
    }

    sliders.forEach(function (slider) {
      slider.noUiSlider.on("update.courseFrames", show);
    });
    ["pointerdown", "focusin"].forEach(function (type) {
      widget.addEventListener(type, function () {
        load(hash); // fetch the frames as soon as a reader reaches for a slider
      });
    });
  }

  // The html-manager draws the widgets some time after the page loads: connect each as it appears.
  function watch(box) {
    var cell = box.closest(".cell") || box.parentElement;
    function ready() {
      var widget = cell.querySelector(".widget-interact");
      if (!widget || widget.hasAttribute("data-course-frames")) return !!widget;
      var sliders = widget.querySelectorAll(".noUi-target");
      if (!sliders.length || !Array.prototype.every.call(sliders, function (s) { return s.noUiSlider; })) {
        return false;
      }
      connect(box, widget);
      return true;
    }
    if (ready()) return;
    var observer = new MutationObserver(function () {
      if (ready()) observer.disconnect();
    });
    observer.observe(cell, { childList: true, subtree: true });
  }

  function start() {
    document.querySelectorAll(".course-frames[data-frames]").forEach(watch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
