/**
 * Development OpenID provider: the local stand-in for EduConnect (ARCHITECTURE.md, "External parts").
 * A real OpenID Connect provider (oidc-provider) with a few test guardians, a login page and
 * RP-initiated logout. Guichet starts it (src/modules/identity/infrastructure/dev-oidc-provider.ts)
 * when OIDC_ISSUER is not set, outside production; it can also run on its own:
 *
 *   node dev/oidc-provider/server.mjs          → http://127.0.0.1:3100, client "guichet-dev"
 *
 * Plain JavaScript and an ES module on purpose: oidc-provider is ESM-only, so this runs as its own
 * Node process and nothing of Guichet (CommonJS, jest) ever imports it.
 *
 * Environment (all optional):
 *   OIDC_DEV_PORT                        port on 127.0.0.1 (default 3100; 0 = any free port)
 *   OIDC_DEV_CLIENT_ID / _CLIENT_SECRET  the relying party (default guichet-dev / guichet-dev-secret)
 *   OIDC_DEV_REDIRECT_URIS               comma-separated (default http://localhost:3000/api/auth/sso/callback)
 *   OIDC_DEV_POST_LOGOUT_REDIRECT_URIS   comma-separated (default http://localhost:3000/)
 *   OIDC_DEV_FAULTS=true                 tests only: POST /__faults arms a fault on the next token response
 *
 * On start it prints one JSON line on stdout: {"ready":true,"issuer":"http://127.0.0.1:<port>"}
 * (or {"ready":false,"code":"EADDRINUSE",...} and exits 1). Started with an IPC channel (by Guichet),
 * it exits when its parent goes away, so a killed Guichet never leaves it behind.
 */
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import process from 'node:process';
import { URLSearchParams } from 'node:url';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import Provider from 'oidc-provider';

/** The test guardians. Every password is `motdepasse`. */
const GUARDIANS = [
  { username: 'marie.dupont', sub: 'ec-4f1c9a7e2b3d', given_name: 'Marie', family_name: 'Dupont', email: 'marie.dupont@exemple.fr' },
  { username: 'jean.martin', sub: 'ec-8b2e5d1f6a09', given_name: 'Jean', family_name: 'Martin', email: 'jean.martin@exemple.fr' },
  { username: 'fatou.diallo', sub: 'ec-2a7f3c9e8d14', given_name: 'Fatou', family_name: 'Diallo', email: 'fatou.diallo@exemple.fr' },
  { username: 'lucas.bernard', sub: 'ec-6d0b8e4a1f57', given_name: 'Lucas', family_name: 'Bernard', email: 'lucas.bernard@exemple.fr' },
  { username: 'chloe.petit', sub: 'ec-9e3a1d7b5c62', given_name: 'Chloé', family_name: 'Petit', email: 'chloe.petit@exemple.fr' },
  { username: 'karim.benali', sub: 'ec-1c5f9b2e7a38', given_name: 'Karim', family_name: 'Benali', email: 'karim.benali@exemple.fr' },
  { username: 'ines.moreau', sub: 'ec-5b8d2f0c9e41', given_name: 'Inès', family_name: 'Moreau', email: 'ines.moreau@exemple.fr' },
  { username: 'paul.roux', sub: 'ec-0e7c4a6b3d95', given_name: 'Paul', family_name: 'Roux', email: 'paul.roux@exemple.fr' },
];
const PASSWORD = 'motdepasse';

const env = (name, fallback) => (process.env[name] ?? '').trim() || fallback;
const list = (value) => value.split(',').map((s) => s.trim()).filter(Boolean);

const port = Number(env('OIDC_DEV_PORT', '3100'));
const issuer = (bound) => `http://127.0.0.1:${bound}`;
const client = {
  client_id: env('OIDC_DEV_CLIENT_ID', 'guichet-dev'),
  client_secret: env('OIDC_DEV_CLIENT_SECRET', 'guichet-dev-secret'),
  client_name: 'Guichet',
  redirect_uris: list(env('OIDC_DEV_REDIRECT_URIS', 'http://localhost:3000/api/auth/sso/callback')),
  post_logout_redirect_uris: list(env('OIDC_DEV_POST_LOGOUT_REDIRECT_URIS', 'http://localhost:3000/')),
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
};
const faultsEnabled = env('OIDC_DEV_FAULTS', 'false') === 'true';

const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await exportJWK(privateKey)), kid: `dev-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };

// ---------------------------------------------------------------------------------------------
// Pages (French, minimal)

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const page = (title, body) => `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}label,input,button{display:block;width:100%;margin:.4rem 0}
input,button{padding:.5rem;font-size:1rem;box-sizing:border-box}.err{color:#b00020}.note{color:#555;font-size:.9rem}</style></head>
<body><h1>${esc(title)}</h1>${body}<p class="note">Fournisseur d'identité de développement (EduConnect simulé) — ne pas utiliser en production.</p></body></html>`;

const loginPage = (uid, error) =>
  page(
    'Connexion EduConnect',
    `${error ? `<p class="err">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
  <label for="login">Identifiant</label><input id="login" name="login" required autofocus>
  <label for="password">Mot de passe</label><input id="password" name="password" type="password" required>
  <button type="submit">Se connecter</button>
</form>
<form method="post" action="/interaction/${esc(uid)}/abort"><button type="submit">Annuler</button></form>
<p class="note">Comptes de test : ${GUARDIANS.map((g) => esc(g.username)).join(', ')} (mot de passe : ${PASSWORD}).</p>`,
  );

// ---------------------------------------------------------------------------------------------
// The provider

function findGuardian(sub) {
  return GUARDIANS.find((g) => g.sub === sub);
}

function samePassword(given) {
  const a = Buffer.from(String(given));
  const b = Buffer.from(PASSWORD);
  return a.length === b.length && timingSafeEqual(a, b);
}

function createProvider(issuerUrl) {
  const provider = new Provider(issuerUrl, {
    clients: [client],
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], profile: ['given_name', 'family_name', 'name'], email: ['email', 'email_verified'] },
    scopes: ['openid', 'profile', 'email'],
    responseTypes: ['code'],
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600 },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page('Déconnexion EduConnect', `<p>Voulez-vous vous déconnecter d'EduConnect ?</p>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Oui, me déconnecter</button>
<button type="submit" form="op.logoutForm">Non, rester connecté</button>`);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = page('Déconnexion EduConnect', '<p>Vous êtes déconnecté d\'EduConnect.</p>');
        },
      },
    },
    findAccount: async (_ctx, sub) => {
      const g = findGuardian(sub);
      if (!g) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, given_name: g.given_name, family_name: g.family_name, name: `${g.given_name} ${g.family_name}`, email: g.email, email_verified: true }),
      };
    },
    // Guichet is a first-party client: no consent screen, the requested scopes are granted.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
    clientBasedCORS: () => false,
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Erreur EduConnect', `<p class="err">${esc(out.error)}${out.error_description ? ` : ${esc(out.error_description)}` : ''}</p>`);
    },
  });
  if (faultsEnabled) provider.use(faultInjector);
  return provider;
}

// ---------------------------------------------------------------------------------------------
// Faults (tests only): a real provider that misbehaves once, to show the relying party refuses it.

let armedFault = null;
const FAULTS = ['expired', 'wrong-signature', 'wrong-audience', 'wrong-nonce'];

/** Re-signs the ID token of the next successful token response with the armed fault. */
async function faultInjector(ctx, next) {
  await next();
  if (!armedFault || ctx.path !== '/token' || ctx.status !== 200 || !ctx.body?.id_token) return;
  const fault = armedFault;
  armedFault = null;
  ctx.body = { ...ctx.body, id_token: await tamper(ctx.body.id_token, fault) };
}

async function tamper(idToken, fault) {
  const header = decodeProtectedHeader(idToken);
  const claims = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  if (fault === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  if (fault === 'wrong-audience') claims.aud = 'another-relying-party';
  if (fault === 'wrong-nonce') claims.nonce = randomBytes(16).toString('base64url');
  let key = await importJWK(signingJwk, 'RS256');
  if (fault === 'wrong-signature') key = (await generateKeyPair('RS256')).privateKey; // same kid, another key
  return new SignJWT(claims).setProtectedHeader({ alg: header.alg, kid: header.kid, typ: header.typ }).sign(key);
}

// ---------------------------------------------------------------------------------------------
// HTTP: our interaction pages, the faults switch, then the provider itself

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res, status, body, type = 'text/html; charset=utf-8') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function interaction(provider, req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page('Erreur EduConnect', '<p class="err">Demande de connexion inconnue.</p>'));
  if (req.method === 'GET' && !action) return send(res, 200, loginPage(uid));
  if (req.method === 'POST' && action === 'abort') {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: "L'utilisateur a annulé la connexion." }, { mergeWithLastSubmission: false });
  }
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const guardian = GUARDIANS.find((g) => g.username === form.get('login')?.trim().toLowerCase());
    if (!guardian || !samePassword(form.get('password') ?? '')) return send(res, 200, loginPage(uid, 'Identifiant ou mot de passe incorrect.'));
    return provider.interactionFinished(req, res, { login: { accountId: guardian.sub } }, { mergeWithLastSubmission: false });
  }
  return send(res, 405, page('Erreur EduConnect', '<p class="err">Méthode non autorisée.</p>'));
}

async function faults(req, res) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  let fault;
  try {
    fault = JSON.parse(Buffer.concat(chunks).toString('utf8')).idToken;
  } catch {
    fault = undefined;
  }
  if (!FAULTS.includes(fault)) return send(res, 400, JSON.stringify({ error: `idToken must be one of ${FAULTS.join(', ')}` }), 'application/json');
  armedFault = fault;
  return send(res, 204, '');
}

let provider;
let handle;
const server = createServer((req, res) => {
  if (!handle) return send(res, 503, 'starting');
  const path = (req.url ?? '/').split('?')[0];
  const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(path);
  const handled = match
    ? interaction(provider, req, res, match[1], match[2])
    : faultsEnabled && path === '/__faults' && req.method === 'POST'
      ? faults(req, res)
      : null;
  if (!handled) return handle(req, res);
  handled.catch((err) => {
    const expired = err?.name === 'SessionNotFound';
    if (!res.headersSent) {
      send(res, expired ? 400 : 500, page('Erreur EduConnect', `<p class="err">${expired ? 'Cette demande de connexion a expiré : recommencez depuis Guichet.' : 'Erreur interne.'}</p>`));
    }
    if (!expired) console.error(err);
  });
});

server.once('error', (err) => {
  console.log(JSON.stringify({ ready: false, code: err.code ?? 'ERROR', message: err.message }));
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  const bound = server.address().port;
  provider = createProvider(issuer(bound));
  handle = provider.callback();
  console.log(JSON.stringify({ ready: true, issuer: issuer(bound), clientId: client.client_id }));
});

const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
if (process.send) process.once('disconnect', () => process.exit(0));
