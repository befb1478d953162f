import { BadRequestException, Inject, Injectable, PayloadTooLargeException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, throwError, type Observable } from 'rxjs';
import { ProblemException, Problems } from '@theqa/http-shell';
import { SigningServiceError } from '@theqa/signing';
import { SIGNING_APP, type SigningAppDependencies } from './signing-app-dependencies';
import { signingProblem } from './signing-problems';

/**
 * Bound before the upload's FileInterceptor, so that multer's refusals (which Nest turns into plain
 * HTTP exceptions) reach the relying party as the signing API's problems: the file over the limit is
 * `document-too-large`, like a file the service itself measures; a malformed form is a bad request.
 */
@Injectable()
export class UploadProblemsInterceptor implements NestInterceptor {
  constructor(@Inject(SIGNING_APP) private readonly app: SigningAppDependencies) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof PayloadTooLargeException) {
          const max = this.app.requests.maxDocumentBytes;
          return throwError(() => signingProblem(new SigningServiceError('document-too-large', `the document is larger than the ${max} bytes accepted`, { max_bytes: max })));
        }
        if (error instanceof BadRequestException) return throwError(() => new ProblemException(Problems.badRequest, `the form cannot be read: ${error.message}`));
        return throwError(() => error);
      }),
    );
  }
}
