/** Vite's ?raw imports (the renderer's tsconfig does not load vite/client's ambient types). */
declare module '*?raw' {
  const text: string;
  export default text;
}
