/** Baseline for POST /voice, browser → phone: builds the same `<Dial><Number>` with `twilio`, and nothing else. */
const VoiceResponse = require('twilio/lib/twiml/VoiceResponse');

// Every dialled leg reports when it is answered and when it ends (presence).
const LEG = { statusCallback: '/leg-status', statusCallbackMethod: 'POST', statusCallbackEvent: ['answered', 'completed'] };

exports.handler = (context, event, callback) => {
  const twiml = new VoiceResponse();
  const dial = twiml.dial({ answerOnBridge: true, callerId: context.CALLER_ID, timeout: 20, action: '/dial-complete' });
  dial.number(LEG, `+${event.To.replace(/\D/g, '')}`);
  callback(null, twiml);
};
