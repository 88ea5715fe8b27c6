/**
 * Phial: Flask's way of writing web apps, in TypeScript, on node:http.
 *
 * @example
 * ```ts
 * import { App, makeResponse } from 'phial';
 * const app = new App();
 * app.get('/set_cookie')(function set_cookie() {
 *   const response = makeResponse('Куки установлены!');
 *   response.setCookie('username', 'John Doe');
 *   return response;
 * });
 * await app.run({ port: 5000 });
 * ```
 *
 * @packageDocumentation
 */
export {
  App,
  type AppOptions,
  type RegisterBlueprintOptions,
  type TemplateFunction,
  type TemplateFunctionDecorator,
} from './app.ts';
export { Blueprint, type BlueprintOptions } from './blueprint.ts';
export type { Config, SecretKey } from './config.ts';
export { type Params, type Render, RequestContext, type UrlFor } from './context.ts';
export { CsrfError, type CsrfReason } from './csrf/errors.ts';
export type { CsrfConfig } from './csrf/settings.ts';
export { type CsrfTokenOptions, CsrfTokens } from './csrf/token.ts';
export { type CsrfExemptTarget, generateCsrfToken } from './csrf-stage.ts';
export { type Flash, type FlashedMessagesOptions, flash, getFlashedMessages } from './flash.ts';
export { parseCookie, quoteCookieValue, unquoteCookieValue } from './http/cookies.ts';
export { abort, HttpError, type HttpErrorOptions } from './http/errors.ts';
export { type HeaderStore, Headers, type HeadersInit, type HeaderValue } from './http/headers.ts';
export { escapeHtml, html, Markup } from './http/html.ts';
export { httpDate } from './http/http-date.ts';
export { guessMimetype } from './http/mimetypes.ts';
export { BadRequestKeyError, MultiDict } from './http/multidict.ts';
export type { SetCookieOptions } from './http/parse-set-cookie.ts';
export type { FormLimits, QueryInit, QueryValue } from './http/query.ts';
export { type FileStorage, Request, type RequestInit } from './http/request.ts';
export {
  jsonify,
  Response,
  type ResponseBody,
  type ResponseInit,
  redirect,
  type StreamBody,
} from './http/response.ts';
export { type CookieOptions, serializeCookie, serializeDeleteCookie } from './http/set-cookie.ts';
export { type BodyLike, type HeadersLike, makeResponse, type ViewReturn } from './make-response.ts';
export type { Converter, ConverterFactory } from './routing/converters.ts';
export { ValidationError } from './routing/converters.ts';
export {
  BuildError,
  type BuildOptions,
  type MapOptions,
  type MatchResult,
  RuleError,
  UrlMap,
} from './routing/map.ts';
export type { BuiltinConverterTypes, NoConverters, RouteParams, RuleParams } from './routing/params.ts';
export type { Rule, RuleOptions } from './routing/rule.ts';
export type {
  AfterRequestHook,
  Awaitable,
  BeforeRequestHook,
  ErrorClass,
  ErrorHandler,
  MethodRouteOptions,
  RouteDecorator,
  RouteOptions,
  RouteRecord,
  Scaffold,
  TeardownHook,
  View,
  ViewResult,
} from './scaffold.ts';
export { type SendFileOptions, sendFile } from './send-file.ts';
export type { AccessLogFormat, AccessLogOptions, AccessLogSetting } from './server/access-log.ts';
export type { ClusterServer } from './server/cluster-primary.ts';
export { type ProxyFixOptions, proxyFix } from './server/proxy-fix.ts';
export type { RunOptions, Server } from './server/serve.ts';
export { ServerStartError } from './server/start-error.ts';
export type { SessionConfig } from './sessions/config.ts';
export { type EncryptedCookieOptions, EncryptedCookieSessionInterface } from './sessions/encrypted-cookie.ts';
export type { Logger, SessionApp, SessionData, SessionInterface } from './sessions/interface.ts';
export { MemoryStore, type MemoryStoreOptions, type WarnLogger } from './sessions/memory-store.ts';
export { NullSession } from './sessions/null-session.ts';
export { Tuple, tuple, UUID } from './sessions/python-types.ts';
export type { RedisClientLike, RedisPipelineLike } from './sessions/redis-client.ts';
export { RedisStore, type RedisStoreOptions } from './sessions/redis-store.ts';
export { type SecureCookieOptions, SecureCookieSessionInterface } from './sessions/secure-cookie.ts';
export {
  type ServerSideOptions,
  ServerSideSession,
  ServerSideSessionInterface,
} from './sessions/server-side.ts';
export { Session, type SessionLoader, type SessionRenewal } from './sessions/session.ts';
export type { SessionIdSigner, SessionIdSignerOptions } from './sessions/session-id.ts';
export {
  type KeyDerivation,
  type SessionDigest,
  SessionSigner,
  type SignerOptions,
} from './sessions/signer.ts';
export type { SessionRecord, SessionStore } from './sessions/store.ts';
export { type StaticOptions, safeJoin, sendFromDirectory, serveStatic } from './static.ts';
export {
  type NunjucksEnvironment,
  selectAutoescape,
  TemplateEnvironment,
  type TemplateEnvironmentOptions,
} from './templates/environment.ts';
export { TemplateNotFound, TemplateSyntaxError } from './templates/errors.ts';
export { FolderLoader, type TemplateSource } from './templates/loader.ts';
export type { ContextProcessor, RequestGlobalFactory } from './templating.ts';
export {
  type FileUpload,
  type MethodOptions,
  TestClient,
  type TestRequestOptions,
  type TestResponse,
} from './testing/client.ts';
export {
  type CookieFilter,
  CookieJar,
  type CookieJarOptions,
  type CookieUrl,
  type JarCookieOptions,
  type StoredCookie,
} from './testing/cookie-jar.ts';
export type { MaybePromise } from './utils/maybe-promise.ts';
