// Renders a live transcript: finals keyed by segment id (each shown once, in order, whatever order
// they arrive in) and the current partial shown in place, highlighted. Auto-scrolls when at the bottom.

export class TranscriptView {
  constructor(element) {
    this.el = element;
    this.finals = new Map();   // segmentId -> text
    this.partial = null;       // { segmentId, text }
  }

  clear() { this.finals.clear(); this.partial = null; this.render(); }

  // A snapshot (join or resume answer). Events may have arrived before it: keep the newer partial.
  loadFinals(finals, partial) {
    for (const f of finals || []) this.finals.set(f.segmentId, f.text);
    if (partial && !this.finals.has(partial.segmentId) && this.isNewer(partial)) {
      this.partial = { segmentId: partial.segmentId, text: partial.text, timestamp: partial.timestamp };
    }
    if (this.partial && this.finals.has(this.partial.segmentId)) this.partial = null; // closed meanwhile
    this.render();
  }

  isNewer(p) {
    return !this.partial || p.segmentId > this.partial.segmentId
      || (p.segmentId === this.partial.segmentId && p.timestamp >= this.partial.timestamp);
  }

  apply(evt) {
    if (evt.isPartial) {
      if (this.finals.has(evt.segmentId)) return;           // late partial of a closed segment
      this.partial = evt.text ? { segmentId: evt.segmentId, text: evt.text, timestamp: evt.timestamp } : null; // empty clears
    } else {
      this.finals.set(evt.segmentId, evt.text);
      if (this.partial && this.partial.segmentId <= evt.segmentId) this.partial = null;
    }
    this.render();
  }

  get wordCount() { return this.text.split(/\s+/).filter(Boolean).length; }

  get text() { return [...this.finals.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]).join(' '); }

  render() {
    const stick = this.el.scrollTop + this.el.clientHeight >= this.el.scrollHeight - 8;
    this.el.replaceChildren();
    for (const [id, text] of [...this.finals.entries()].sort((a, b) => a[0] - b[0])) {
      const span = document.createElement('span');
      span.className = 'final';
      span.dataset.segment = id;
      span.textContent = text + ' ';
      this.el.append(span);
    }
    if (this.partial) {
      const span = document.createElement('span');
      span.className = 'partial';
      span.dataset.segment = this.partial.segmentId;
      span.textContent = this.partial.text;
      this.el.append(span);
    }
    if (stick) this.el.scrollTop = this.el.scrollHeight;
  }
}
