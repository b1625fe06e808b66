import { Window, type Document } from 'happy-dom';

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
