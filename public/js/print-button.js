// A "Print" button where a page asks for one (`data-print-label`): the browser's own print,
// which the print stylesheet turns into an A4 document. Without JavaScript there is no button
// (the browser's menu prints the same).
(() => {
  'use strict';
  for (const place of document.querySelectorAll('[data-print-label]')) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary';
    button.textContent = place.dataset.printLabel;
    button.addEventListener('click', () => window.print());
    place.append(' · ', button);
  }
})();
