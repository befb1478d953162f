// Browser code only (bundled into a page's script by esbuild): it imports pdf.js, a development
// package that a server process never loads. The server side is `@theqa/pdf-preview`.
export { renderFirstPage, type PdfjsLocation, type RenderedPage } from './render-first-page';
export { pdfjsLocationUnder } from '../pdfjs-names';
