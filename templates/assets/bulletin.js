// Reader controls (font size 大/中/小, print) and the optional leave-site notice. Progressive
// enhancement: without this script the page is complete and the controls stay hidden.
(function () {
  'use strict';
  var KEY = 'bulletin-font-size';
  var root = document.documentElement;
  function apply(size) {
    root.classList.remove('font-large', 'font-small');
    if (size === 'large' || size === 'small') root.classList.add('font-' + size);
    var buttons = document.querySelectorAll('button.font-size');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute('aria-pressed', String(buttons[i].getAttribute('data-size') === (size || 'medium')));
    }
  }
  var saved = null;
  try { saved = localStorage.getItem(KEY); } catch (e) { /* storage may be disabled */ }
  apply(saved);
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var sizeButton = target.closest('button.font-size');
    if (sizeButton) {
      var size = sizeButton.getAttribute('data-size');
      apply(size);
      try { localStorage.setItem(KEY, size); } catch (e) { /* not remembered, still applied */ }
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
