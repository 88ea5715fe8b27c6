/** What every form of the demo carries. */
import { escapeHtml, type RequestContext } from '../lib/index.ts';
import type { DemoSession } from './app.ts';

/**
 * The hidden field that carries the CSRF token in a form of the demo: checked when
 * CSRF_TOKEN_REQUIRED is on (the origin check guards the forms either way).
 */
export function csrfField(ctx: RequestContext<DemoSession>): string {
  return `<input type="hidden" name="csrf_token" value="${escapeHtml(ctx.csrfToken())}">`;
}
