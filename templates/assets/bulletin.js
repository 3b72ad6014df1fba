// Reader controls (font size 大/中/小, high contrast, print) and the optional leave-site notice.
// Progressive enhancement: without this script the page is complete and the controls stay hidden.
// The choices live in localStorage; the inline script in the page head applies them before the
// first paint, so other pages open in the reader's size and colours without a flash.
(function () {
  'use strict';
  var SIZE_KEY = 'bulletin-font-size';
  var CONTRAST_KEY = 'bulletin-contrast';
  var root = document.documentElement;

  function load(key) {
    try { return localStorage.getItem(key); } catch (e) { return null; /* storage may be disabled */ }
  }
  function save(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* not remembered, still applied */ }
  }
  function setPressed(selector, isPressed) {
    var buttons = document.querySelectorAll(selector);
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute('aria-pressed', String(isPressed(buttons[i])));
  }
  function applySize(size) {
    root.classList.remove('font-large', 'font-small');
    if (size === 'large' || size === 'small') root.classList.add('font-' + size);
    setPressed('button.font-size', function (b) { return b.getAttribute('data-size') === (size || 'medium'); });
  }
  function applyContrast(high) {
    root.classList.toggle('contrast-high', high);
    setPressed('button.contrast', function () { return high; });
  }

  applySize(load(SIZE_KEY));
  applyContrast(load(CONTRAST_KEY) === 'high');

  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var sizeButton = target.closest('button.font-size');
    if (sizeButton) {
      var size = sizeButton.getAttribute('data-size');
      applySize(size);
      save(SIZE_KEY, size);
      return;
    }
    var contrastButton = target.closest('button.contrast');
    if (contrastButton) {
      var high = contrastButton.getAttribute('aria-pressed') !== 'true';
      applyContrast(high);
      save(CONTRAST_KEY, high ? 'high' : 'normal');
      return;
    }
    if (target.closest('button.print-page')) {
      window.print();
      return;
    }
    var notice = document.getElementById('leave-site-message');
    var link = target.closest('a.external');
    if (notice && link && !window.confirm(notice.getAttribute('data-message'))) event.preventDefault();
  });
})();
