// Haqq's character count (after GOV.UK's): a field with `data-maxlength` says,
// as the person types, how many characters are left or how many too many, in
// the page's language, plural grammar and digits. Without JavaScript the hint states
// the limit, and the server refuses a longer text with a clear error: nothing
// is ever cut.
(() => {
  'use strict';
  const lang = document.documentElement.lang || 'ar';
  const rules = new Intl.PluralRules(lang);
  // The count in the digits the page writes (the reader's choice in the footer).
  const digits = document.documentElement.dataset.digits === 'arab' ? 'arab' : 'latn';
  const number = new Intl.NumberFormat(`${lang}-u-nu-${digits}`, { useGrouping: false });

  // The same plural syntax as the server's messages: "{count|one:# left|other:# left}".
  function fill(template, count) {
    return template.replace(/\{count\|([^{}]*)\}/g, (_whole, forms) => {
      const chosen = {};
      for (const form of forms.split('|')) {
        const colon = form.indexOf(':');
        chosen[form.slice(0, colon)] = form.slice(colon + 1);
      }
      const form = chosen[rules.select(count)] ?? chosen.other ?? '#';
      return form.replaceAll('#', number.format(count));
    });
  }

  for (const field of document.querySelectorAll('[data-maxlength]')) {
    const max = Number(field.dataset.maxlength);
    const output = document.getElementById(field.dataset.counter ?? '');
    if (!output || !Number.isFinite(max)) continue;
    let timer;
    const update = () => {
      const left = max - [...field.value].length;
      output.textContent = fill(
        left >= 0 ? field.dataset.left : field.dataset.over,
        Math.abs(left),
      );
      output.classList.toggle('field-error', left < 0);
    };
    // Announced a moment after typing stops, not at every key.
    field.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(update, 400);
    });
    update();
  }
})();
