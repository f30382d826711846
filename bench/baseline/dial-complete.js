/** Baseline for POST /dial-complete, nobody answered a phone caller: builds the same goodbye with `twilio`, and nothing else. */
const VoiceResponse = require('twilio/lib/twiml/VoiceResponse');

exports.handler = (context, event, callback) => {
  const twiml = new VoiceResponse();
  twiml.say('Sorry, nobody on the team could take your call. Please try again later. Goodbye.');
  twiml.hangup();
  callback(null, twiml);
};
