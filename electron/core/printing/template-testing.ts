import { Window, type Document } from 'happy-dom';
import { expect } from 'vitest';

/** Parses rendered HTML like a browser would (no scripts run), for template tests. */
export const parseHtml = (html: string): Document => {
  const { DOMParser } = new Window();
  return new DOMParser().parseFromString(html, 'text/html');
};

/** Strings a hostile or careless user might type, each of which must print as itself. */
export const HOSTILE_TEXTS = [
  '<script>alert("x")</script>',
  '</style><h1 style="font-size:200pt">大字</h1>',
  "'; DROP TABLE applications; --",
  '<img src=x onerror=alert(1)>',
  '&lt;already escaped&gt; & ampersand',
  '家👨‍👩‍👧 表情 🎉',
];

/** Hostile text added no element: no script or image, still one style sheet and one heading. */
export const expectNoInjectedMarkup = (doc: Document): void => {
  expect(doc.querySelectorAll('script, img').length).toBe(0);
  expect(doc.querySelectorAll('style').length).toBe(1);
  expect(doc.querySelectorAll('h1').length).toBe(1);
};
