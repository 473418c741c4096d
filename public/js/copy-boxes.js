// The public copy's review (views/requests/document-review.hbs): an officer draws a box on a
// page's preview by pressing and dragging; each box becomes a hidden `add` field
// ("page:x0,y0,x1,y1", fractions of the page) sent with the form. Without JavaScript the
// words list still hides words everywhere.
(() => {
  const form = document.getElementById('copy-review');
  if (!form) return;
  const drawn = form.querySelector('[data-drawn]');
  const list = form.querySelector('[data-drawn-list]');
  const template = document.getElementById('drawn-item');
  const added = [];
  for (const hint of form.querySelectorAll('[data-draw-hint]')) hint.hidden = false;
  const fraction = (value) => Math.min(1, Math.max(0, value)).toFixed(4);
  const render = () => {
    drawn.hidden = added.length === 0;
    list.replaceChildren(
      ...added.map((box) => {
        const item = document.createElement('li');
        item.textContent = template.content.textContent.replace('{page}', box.label);
        return item;
      }),
    );
  };
  form.querySelector('[data-undo]').addEventListener('click', () => {
    const last = added.pop();
    if (last) {
      last.input.remove();
      last.rect.remove();
    }
    render();
  });
  for (const page of form.querySelectorAll('.copy-page')) {
    const svg = page.querySelector('svg');
    const [, , width, height] = svg.getAttribute('viewBox').split(' ').map(Number);
    let start = null;
    let rect = null;
    const point = (event) => {
      const area = page.getBoundingClientRect();
      return {
        x: (event.clientX - area.left) / area.width,
        y: (event.clientY - area.top) / area.height,
      };
    };
    page.addEventListener('pointerdown', (event) => {
      event.preventDefault();
      page.setPointerCapture(event.pointerId);
      start = point(event);
      rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      rect.setAttribute('class', 'copy-box copy-box--drawn');
      svg.append(rect);
    });
    page.addEventListener('pointermove', (event) => {
      if (!start) return;
      const now = point(event);
      rect.setAttribute('x', String(Math.min(start.x, now.x) * width));
      rect.setAttribute('y', String(Math.min(start.y, now.y) * height));
      rect.setAttribute('width', String(Math.abs(now.x - start.x) * width));
      rect.setAttribute('height', String(Math.abs(now.y - start.y) * height));
    });
    page.addEventListener('pointerup', (event) => {
      if (!start) return;
      const end = point(event);
      const box = [
        Math.min(start.x, end.x),
        Math.min(start.y, end.y),
        Math.max(start.x, end.x),
        Math.max(start.y, end.y),
      ];
      start = null;
      if (box[2] - box[0] < 0.005 || box[3] - box[1] < 0.003) {
        rect.remove();
        return;
      }
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = 'add';
      input.value = `${page.dataset.page}:${box.map(fraction).join(',')}`;
      form.append(input);
      added.push({ input, rect, label: page.closest('section').querySelector('h2').textContent });
      render();
    });
  }
})();
