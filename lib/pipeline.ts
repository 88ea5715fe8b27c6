/**
 * Flask's request pipeline as named stages:
 *
 *   match → open session → CSRF check → load form → before hooks → view → makeResponse
 *         → after hooks (reverse) → save session → teardown hooks (reverse)
 *
 * Errors from the hooks or the view go to the error handlers (`handleUserError`); errors nobody
 * handles, and errors while finishing the response, become a 500 (`handleServerError`), or
 * propagate when PROPAGATE_EXCEPTIONS (TESTING or DEBUG) says so. Every stage is synchronous
 * unless what it calls returns a promise (see maybe-promise.ts).
 */
import type { RequestContext } from './context.ts';
import { protectFromForgery } from './csrf-stage.ts';
import { HttpError } from './http/errors.ts';
import { Response, redirect } from './http/response.ts';
import { toResponse, type ViewReturn } from './make-response.ts';
import type { ErrorClass, ErrorHandler } from './scaffold.ts';
import type { Session } from './sessions/session.ts';
import { attempt, isPromise, type MaybePromise, then } from './utils/maybe-promise.ts';

type Ctx = RequestContext<any>;

/** The hooks and handlers that apply to one blueprint (or to no blueprint), in run order. */
export interface HookChain {
  before: Array<(ctx: Ctx) => MaybePromise<ViewReturn>>;
  after: Array<(response: Response, ctx: Ctx) => MaybePromise<Response | undefined | void>>;
  teardown: Array<(error: unknown, ctx: Ctx) => MaybePromise<unknown>>;
  /** Handler maps to search, most specific scaffold first. */
  statusHandlers: Array<ReadonlyMap<number, ErrorHandler<any>>>;
  classHandlers: Array<ReadonlyMap<ErrorClass, ErrorHandler<any>>>;
}

/** Runs a request through the app and resolves to the response to send. */
export function runRequest(ctx: Ctx): MaybePromise<Response> {
  return attempt(ctx, dispatchGuarded, failRequest);
}

function dispatchGuarded(ctx: Ctx): MaybePromise<Response> {
  return then(attempt(ctx, openSession, handleUserError), ctx, finishSuccess);
}

function openSession(ctx: Ctx): MaybePromise<ViewReturn> {
  const app = ctx.app;
  return then(app.sessionInterface.openSession(app, ctx.request), ctx, preprocessAndDispatch);
}

function finishSuccess(ctx: Ctx, rv: ViewReturn): MaybePromise<Response> {
  return then(finalizeRequest(ctx, rv), ctx, endRequest);
}

function preprocessAndDispatch(ctx: Ctx, session: Session<any> | null): MaybePromise<ViewReturn> {
  ctx.sessionSlot = session ?? ctx.app.makeNullSession();
  // Before the hooks, as Flask-WTF's check; before the form, so a forged body is never parsed
  // (the token check loads the form itself when it needs it).
  return then(protectFromForgery(ctx), ctx, loadFormAndRunHooks);
}

function loadFormAndRunHooks(ctx: Ctx): MaybePromise<ViewReturn> {
  if (ctx.request.needsFormLoad) return ctx.request.loadForm().then(() => runBeforeHooks(ctx, 0));
  return runBeforeHooks(ctx, 0);
}

function runBeforeHooks(ctx: Ctx, start: number): MaybePromise<ViewReturn> {
  const hooks = ctx.app.hookChain(ctx.blueprint).before;
  for (let i = start; i < hooks.length; i++) {
    const rv = hooks[i]!(ctx);
    if (isPromise<ViewReturn>(rv)) {
      return rv.then((resolved) => (resolved === undefined ? runBeforeHooks(ctx, i + 1) : resolved));
    }
    if (rv !== undefined) return rv;
  }
  return dispatchRequest(ctx);
}

/** Calls the matched view, or answers what routing decided (redirect, OPTIONS, 404, 405). */
function dispatchRequest(ctx: Ctx): MaybePromise<ViewReturn> {
  const route = ctx.route!;
  switch (route.kind) {
    case 'match':
      // A body refused unread (413) never reaches the view: the error handlers answer instead.
      if (ctx.request.bodyError !== null) throw ctx.request.bodyError;
      return ctx.app.viewFunctions.get(route.rule.endpoint)!(ctx);
    case 'redirect': {
      const query = ctx.request.queryString;
      return redirect(query ? `${route.location}?${query}` : route.location, 308);
    }
    case 'options':
      return new Response('', { headers: { allow: route.allowed.join(', ') } });
    case 'methodNotAllowed':
      throw new HttpError(405, undefined, { headers: { allow: route.allowed.join(', ') } });
    default:
      throw new HttpError(404);
  }
}

/** makeResponse, then the after hooks, then the session save. */
function finalizeRequest(ctx: Ctx, rv: ViewReturn): MaybePromise<Response> {
  const response = toResponse(rv, ctx.endpoint ?? 'view');
  return runAfterHooks(ctx, response, 0);
}

function runAfterHooks(ctx: Ctx, response: Response, start: number): MaybePromise<Response> {
  const hooks = ctx.app.hookChain(ctx.blueprint).after;
  let current = response;
  for (let i = start; i < hooks.length; i++) {
    const rv = hooks[i]!(current, ctx);
    if (isPromise<Response | undefined>(rv)) {
      const before = current;
      return rv.then((resolved) => runAfterHooks(ctx, resolved ?? before, i + 1));
    }
    if (rv !== undefined) current = rv as Response;
  }
  return saveSession(ctx, current);
}

function saveSession(ctx: Ctx, response: Response): MaybePromise<Response> {
  const session = ctx.sessionSlot;
  if (session === null || ctx.discardSession || ctx.app.isNullSession(session)) return response;
  const saved = ctx.app.sessionInterface.saveSession(ctx.app, session, response);
  return isPromise(saved) ? saved.then(() => response) : response;
}

/** Flask's handle_user_exception: a handler for the error, or its own response for an HttpError. */
function handleUserError(ctx: Ctx, error: unknown): MaybePromise<ViewReturn> {
  // A session store that failed to open (say, a 503) still leaves handlers a readable session.
  ctx.sessionSlot ??= ctx.app.makeNullSession();
  const handler = findErrorHandler(ctx, error);
  if (handler !== undefined) return handler(error, ctx);
  if (error instanceof HttpError) return httpErrorResponse(error);
  throw error;
}

/** Flask's handle_exception: log, then propagate or answer 500 through the 500 handlers. */
function failRequest(ctx: Ctx, error: unknown): MaybePromise<Response> {
  ctx.error = error;
  const app = ctx.app;
  if (app.propagateExceptions) return then(runTeardown(ctx, 0), error, rethrow);
  // A 5xx HttpError (a session store's 503) keeps its status, and is not logged here: it was raised
  // on purpose, and the store logs once per outage, not once per request. Anything else is a 500.
  const deliberate = isDeliberate(error);
  if (!deliberate) app.logger.error(`Exception on ${ctx.request.path} [${ctx.request.method}]`, error);
  const serverError = deliberate ? error : new HttpError(500, undefined, { cause: error });
  const response = attempt(
    ctx,
    (state) => serverErrorResponse(state, serverError),
    (state, finalizeError) => logFinalizeError(state, finalizeError, serverError),
  );
  return then(response, ctx, endRequest);
}

function serverErrorResponse(ctx: Ctx, serverError: HttpError): MaybePromise<Response> {
  const handler = findErrorHandler(ctx, serverError);
  const rv = handler === undefined ? httpErrorResponse(serverError) : handler(serverError, ctx);
  return then(rv, ctx, finalizeRequest);
}

/** Finishing the error response failed too (the session store is still down): the bare error page. */
function logFinalizeError(ctx: Ctx, error: unknown, serverError: HttpError): Response {
  if (!isDeliberate(error)) {
    ctx.app.logger.error('Request finalizing failed with an error while handling an error', error);
  }
  return httpErrorResponse(serverError);
}

/** A 5xx HttpError: raised on purpose (a session store's 503), by code that logs it itself. */
function isDeliberate(error: unknown): error is HttpError {
  return error instanceof HttpError && error.status >= 500;
}

function rethrow(error: unknown): never {
  throw error;
}

function endRequest(ctx: Ctx, response: Response): MaybePromise<Response> {
  return then(runTeardown(ctx, 0), response, identity);
}

function identity<T>(value: T): T {
  return value;
}

/** Teardown hooks run in reverse order; an error in one is logged and the others still run. */
function runTeardown(ctx: Ctx, start: number): MaybePromise<void> {
  const hooks = ctx.app.hookChain(ctx.blueprint).teardown;
  for (let i = start; i < hooks.length; i++) {
    let rv: unknown;
    try {
      rv = hooks[i]!(ctx.error ?? null, ctx);
    } catch (error) {
      ctx.app.logger.error('A teardown hook failed', error);
      continue;
    }
    if (isPromise(rv)) {
      return rv.then(
        () => runTeardown(ctx, i + 1),
        (error: unknown) => {
          ctx.app.logger.error('A teardown hook failed', error);
          return runTeardown(ctx, i + 1);
        },
      );
    }
  }
}

/** The default page of an HttpError. */
export function httpErrorResponse(error: HttpError): Response {
  return new Response(error.toHtml(), { status: error.status, headers: error.headers });
}

/**
 * Flask's lookup order: handlers for the status code (blueprint, then app), then handlers for
 * the error's class and its ancestors (blueprint, then app).
 */
function findErrorHandler(ctx: Ctx, error: unknown): ErrorHandler<any> | undefined {
  const chain = ctx.app.hookChain(ctx.blueprint);
  if (error instanceof HttpError) {
    for (const handlers of chain.statusHandlers) {
      const handler = handlers.get(error.status);
      if (handler !== undefined) return handler;
    }
  }
  if (error === null || typeof error !== 'object') return undefined;
  for (const handlers of chain.classHandlers) {
    if (handlers.size === 0) continue;
    for (let proto = Object.getPrototypeOf(error); proto !== null; proto = Object.getPrototypeOf(proto)) {
      const handler = handlers.get(proto.constructor);
      if (handler !== undefined) return handler;
    }
  }
  return undefined;
}
