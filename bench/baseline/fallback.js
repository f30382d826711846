/** Baseline for POST /fallback: builds the same apology with `twilio`, and nothing else. */
const VoiceResponse = require('twilio/lib/twiml/VoiceResponse');

exports.handler = (context, event, callback) => {
  const twiml = new VoiceResponse();
  twiml.say("We're sorry, the team's phone line is having trouble right now. Please try again in a few minutes. Goodbye.");
  twiml.hangup();
  callback(null, twiml);
};
