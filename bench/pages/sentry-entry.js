// Sentry's feedback widget as a product would add it: the browser SDK with its default integrations and
// feedbackIntegration (its default "Report a Bug" button). The DSN points at the bench server's envelope
// stub on the page's own loopback origin. Bundled into one local file by bench/run.mjs (esbuild).
import { init, feedbackIntegration } from '@sentry/browser';

init({
  dsn: `${location.protocol}//public@${location.host}/1`,
  integrations: [feedbackIntegration({ colorScheme: 'light' })],
});
