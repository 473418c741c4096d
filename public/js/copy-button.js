// A "Copy" button beside each secret shown once (`data-copy-label` on its field): one press
// puts the secret on the clipboard and says so. Without JavaScript the field is read-only and
// selectable, and nothing is lost.
(() => {
  'use strict';
  for (const field of document.querySelectorAll('input[data-copy-label]')) {
    if (!navigator.clipboard) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary';
    button.textContent = field.dataset.copyLabel;
    const status = document.createElement('span');
    status.setAttribute('role', 'status');
    button.addEventListener('click', () => {
      navigator.clipboard.writeText(field.value).then(
        () => {
          status.textContent = ` ${field.dataset.copiedLabel ?? ''}`;
        },
        () => {
          field.select();
        },
      );
    });
    field.after(' ', button, status);
  }
})();
