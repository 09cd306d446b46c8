import type { App } from '../../src/server/app.js';
import { TestClient } from './client.js';

/**
 * Adds a person to `owner`'s workspace the way the product does (issue #11): the owner invites the
 * address, and the invitee accepts the link as a new account with `name` and `password`. Without
 * SMTP the invitation answer carries the link's token. Returns the new user's id.
 */
export async function inviteAndAccept(
  app: App,
  owner: TestClient,
  m: { email: string; name: string; role: string; password: string },
): Promise<string> {
  const invited = await owner.json<{ token: string | null }>('POST', '/api/v1/members', {
    email: m.email,
    role: m.role,
  });
  if (invited.status !== 202 || !invited.body.token) {
    throw new Error(`invitation failed: ${invited.status} ${JSON.stringify(invited.body)}`);
  }
  const accepted = await new TestClient(app).json<{ session: { user: { id: string } } }>(
    'POST',
    '/api/v1/invitations/accept',
    { token: invited.body.token, name: m.name, password: m.password },
  );
  if (accepted.status !== 200) {
    throw new Error(`accepting failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  }
  return accepted.body.session.user.id;
}
