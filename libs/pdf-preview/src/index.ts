// The server side: where pdf.js's files are and what they are served as, and a page's script bundled.
// The browser side (the drawing itself) is `@theqa/pdf-preview/browser`.
export { PDF_FONTS_FOLDER, PDF_WORKER_SCRIPT, pdfjsLocationUnder } from './pdfjs-names';
export { pdfjsSources } from './pdfjs-files';
export { bundleBrowserScript } from './browser-script';
