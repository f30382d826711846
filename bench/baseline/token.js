/** Baseline for GET /token: mints the same Voice AccessToken with `twilio`, and nothing else (no credential check). */
const AccessToken = require('twilio/lib/jwt/AccessToken');

exports.handler = (context, event, callback) => {
  const token = new AccessToken(context.ACCOUNT_SID, context.API_KEY, context.API_SECRET, { identity: 'alice', ttl: 3600 });
  token.addGrant(new AccessToken.VoiceGrant({ incomingAllow: true, outgoingApplicationSid: context.TWIML_APP_SID }));
  const response = new Twilio.Response();
  response.appendHeader('Content-Type', 'application/json');
  response.setBody({ identity: 'alice', token: token.toJwt() });
  callback(null, response);
};
