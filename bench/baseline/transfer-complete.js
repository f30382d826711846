/** Baseline for POST /transfer-complete, the target answered and hung up: fetches the dialled leg as ours does (one REST request) and hangs up with `twilio`, and nothing else. */
const VoiceResponse = require('twilio/lib/twiml/VoiceResponse');

exports.handler = async (context, event, callback) => {
  await context.getTwilioClient().calls(event.DialCallSid).fetch();
  const twiml = new VoiceResponse();
  twiml.hangup();
  callback(null, twiml);
};
