// A standards-conformant OpenID Connect provider on the loopback for the sign-in tests: the
// certified `oidc-provider` package (installed into .tools/ by `make oidc-provider`).
//
//   node tests/core/oidc_provider.mjs REDIRECT_URI [REDIRECT_URI ...]
//
// Listens on a free port of 127.0.0.1 and prints `ready http://127.0.0.1:PORT` when it answers.
// One confidential client (sunnemodellen / test-secret) that must use PKCE; the users are below,
// each signed in by its name with any password on the provider's own (development) form; their
// groups come in the `groups` claim of the profile scope. Signing out (RP-initiated logout)
// goes back to any post_logout_redirect_uri on the same host as a redirect URI.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const moduleFile = path.resolve(here, '../../.tools/node_modules/oidc-provider/lib/index.js');
const { default: Provider } = await import(pathToFileURL(moduleFile).href);

const USERS = {
  strateg: {
    name: 'Sara Strateg', email: 'sara@sunne.example', groups: ['sunne-strateger', 'alla'],
  },
  nobody: { name: 'Nils Ingen', email: 'nils@sunne.example', groups: ['nobody'] },
  admin: { name: 'Ada Admin', email: 'ada@sunne.example', groups: ['sunne-it'] },
};

const redirectUris = process.argv.slice(2);
const logoutUris = [...new Set(redirectUris.map((uri) => `${new URL(uri).origin}/`))];

const server = http.createServer();
await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'sunnemodellen',
    client_secret: 'test-secret',
    redirect_uris: redirectUris,
    post_logout_redirect_uris: logoutUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username', 'groups'],
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  // The client is the municipality's own: no consent screen.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    grant.addOIDCClaims(['sub', 'email', 'email_verified', 'name', 'preferred_username', 'groups']);
    await grant.save();
    return grant;
  },
  async findAccount(ctx, id) {
    const user = USERS[id];
    if (!user) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, email_verified: true, ...user };
      },
    };
  },
});
provider.proxy = false;
server.on('request', provider.callback());
process.stdout.write(`ready ${issuer}\n`);
