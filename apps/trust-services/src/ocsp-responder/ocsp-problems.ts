import { defineProblem } from '@theqa/http-shell';

/**
 * Problem types that only a server parsing HTTP itself needs (the web framework never lets these
 * requests reach a route). Same vocabulary and URN space as `Problems`; Arabic and English titles.
 */
export const HttpProblems = {
  requestTimeout: defineProblem('request-timeout', 408, 'The request took too long to arrive', 'استغرق وصول الطلب وقتاً طويلاً'),
  lengthRequired: defineProblem('length-required', 411, 'The request body needs a Content-Length', 'يلزم تحديد طول محتوى الطلب'),
  uriTooLong: defineProblem('uri-too-long', 414, 'The request address is too long', 'عنوان الطلب طويل جداً'),
  headersTooLarge: defineProblem('request-header-fields-too-large', 431, 'The request headers are too large', 'ترويسات الطلب كبيرة جداً'),
  notImplemented: defineProblem('not-implemented', 501, 'The server does not support this feature of HTTP', 'الخادم لا يدعم هذه الميزة من HTTP'),
  httpVersionNotSupported: defineProblem('http-version-not-supported', 505, 'This HTTP version is not supported', 'إصدار HTTP هذا غير مدعوم'),
} as const;
