/** Baseline for POST /voicemail-recorded: builds the same thanks and hang-up with `twilio`, and nothing else. */
const VoiceResponse = require('twilio/lib/twiml/VoiceResponse');

exports.handler = (context, event, callback) => {
  const twiml = new VoiceResponse();
  twiml.say('Thank you for your message. The team will call you back. Goodbye.');
  twiml.hangup();
  callback(null, twiml);
};
