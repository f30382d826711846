/** Baseline for POST /hold-music: builds the same looped `<Play>` with `twilio`, and nothing else (the bench's DOMAIN_NAME is local, hence http). */
const VoiceResponse = require('twilio/lib/twiml/VoiceResponse');

exports.handler = (context, event, callback) => {
  const twiml = new VoiceResponse();
  twiml.play({ loop: 0 }, `http://${context.DOMAIN_NAME}/assets/hold-music.wav`);
  callback(null, twiml);
};
