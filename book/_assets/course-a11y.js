// Accessible widget snapshots. The ipywidgets html-manager (embed.js) draws each notebook's saved widgets in
// the browser, some time after the page loads, with no alt on the figures inside Output widgets and no name
// on the sliders. This script watches the page and fixes each widget as it appears:
// - a figure gets the alt stored with it in the widget state (output.metadata["image/png"].alt), else the
//   cell's alt given by the site's extension on the widget's view (data-course-alt: the cell's fig-alt, or
//   "Figure from lesson 02, cell 49"), which, when generic, is completed by the controls' values the figure
//   was drawn for ("..., drawn for x₀ = 1.00");
// - a slider (role="slider") is named by its widget's description label (aria-labelledby);
// - a widget label's meaningless title="null" (ipywidgets without a tooltip) is removed;
// - a widget box that scrolls (a progress bar's line on a phone) can take the keyboard focus, so that it can
//   be scrolled without a mouse, as the theme does for cell outputs.
// Added to every page by book/_ext/course_site.py; served from _static/ (book/_assets/ is a static path).
(function () {
  "use strict";
  var VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';
  var STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';
  var DRAWN_FOR = { zh: "，绘制时 ", en: ", drawn for " };
  var altsByImage = null;
  var labelCount = 0;

  function compact(text) {
    return String(text || "").replace(/\s+/g, "");
  }

  function oneLine(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }

  // base64 image data (without whitespace) -> alt, from every Output widget's outputs in the saved state.
  function stateAlts() {
    if (altsByImage) return altsByImage;
    altsByImage = {};
    document.querySelectorAll(STATE).forEach(function (script) {
      var models;
      try {
        models = JSON.parse(script.textContent).state || {};
      } catch (error) {
        return;
      }
      Object.keys(models).forEach(function (id) {
        var outputs = (models[id].state || {}).outputs;
        if (!Array.isArray(outputs)) return;
        outputs.forEach(function (output) {
          var data = output.data || {};
          var metadata = output.metadata || {};
          Object.keys(data).forEach(function (mimeType) {
            if (mimeType.indexOf("image/") !== 0) return;
            var entry = metadata[mimeType] || metadata["image/png"] || {};
            var alt = oneLine(entry.alt);
            var content = Array.isArray(data[mimeType]) ? data[mimeType].join("") : data[mimeType];
            if (alt && typeof content === "string") altsByImage[compact(content)] = alt;
          });
        });
      });
    });
    return altsByImage;
  }

  // The element holding a widget's view script (the cell output the widget was drawn into).
  function viewHolder(element) {
    for (var node = element.parentElement; node; node = node.parentElement) {
      var view = node.querySelector(":scope > " + VIEW);
      if (view) return { holder: node, view: view };
    }
    return null;
  }

  // "x₀ = 1.00, learning rate = 0.100": the described controls with a readout, in one widget snapshot.
  function controlValues(holder) {
    var values = [];
    holder.querySelectorAll(".widget-inline-hbox").forEach(function (control) {
      var label = control.querySelector(":scope > .widget-label");
      var readout = control.querySelector(":scope .widget-readout");
      var name = label && oneLine(label.textContent);
      var value = readout && oneLine(readout.textContent);
      if (name && value) values.push(name + " = " + value);
    });
    return values.join(", ");
  }

  function labelImage(image) {
    if (oneLine(image.getAttribute("alt"))) return;
    var src = image.getAttribute("src") || "";
    var comma = src.indexOf(",");
    var alt = comma > 0 && src.indexOf("data:") === 0 ? stateAlts()[compact(src.slice(comma + 1))] : "";
    if (!alt) {
      var found = viewHolder(image);
      var view = found && found.view;
      alt = view ? oneLine(view.getAttribute("data-course-alt")) : "";
      if (alt && view.getAttribute("data-course-alt-source") === "generic") {
        var values = controlValues(found.holder);
        var language = (document.documentElement.lang || "en").slice(0, 2);
        if (values) alt += (DRAWN_FOR[language] || DRAWN_FOR.en) + values;
      }
    }
    image.setAttribute("alt", alt || "Figure drawn by an interactive widget");
  }

  function labelSlider(slider) {
    if (slider.hasAttribute("aria-label") || slider.hasAttribute("aria-labelledby")) return;
    var control = slider.closest(".widget-inline-hbox");
    var label = control && control.querySelector(":scope > .widget-label");
    if (label && oneLine(label.textContent)) {
      if (!label.id) label.id = "course-widget-label-" + ++labelCount;
      slider.setAttribute("aria-labelledby", label.id);
    } else {
      slider.setAttribute("aria-label", "Slider");
    }
  }

  // Widget boxes scroll (overflow: auto) only when their content is wider than the page: follow their size.
  var resizes =
    typeof ResizeObserver === "function"
      ? new ResizeObserver(function (entries) {
          entries.forEach(function (entry) {
            focusableIfScrolling(entry.target);
          });
        })
      : null;

  function focusableIfScrolling(box) {
    var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("data-course-scrollable", "");
    } else if (!scrolls && box.hasAttribute("data-course-scrollable")) {
      box.removeAttribute("tabindex");
      box.removeAttribute("data-course-scrollable");
    }
  }

  function watchBox(box) {
    if (box.hasAttribute("data-course-watched")) return;
    box.setAttribute("data-course-watched", "");
    var style = getComputedStyle(box);
    if (/(auto|scroll)/.test(style.overflowX + " " + style.overflowY)) {
      focusableIfScrolling(box);
      if (resizes) resizes.observe(box);
    }
  }

  function fix(root) {
    root.querySelectorAll(".jupyter-widgets img").forEach(labelImage);
    root.querySelectorAll('.jupyter-widgets [role="slider"]').forEach(labelSlider);
    root.querySelectorAll('.jupyter-widgets .widget-label[title="null"]').forEach(function (label) {
      label.removeAttribute("title");
    });
    root.querySelectorAll(".jupyter-widgets.widget-container").forEach(watchBox);
  }

  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    // A microtask: runs before the browser paints or a test reads the page, after the widget's batch of changes.
    Promise.resolve().then(function () {
      pending = false;
      fix(document);
    });
  }

  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var record = records[i];
      if (record.addedNodes.length || record.type === "attributes") {
        schedule();
        return;
      }
    }
  }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["src", "role", "title"],
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", schedule);
  } else {
    schedule();
  }
})();
