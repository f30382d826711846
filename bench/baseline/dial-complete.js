/** Baseline for POST /dial-complete, nobody answered a phone caller: builds the same voicemail TwiML with `twilio`, and nothing else. */
const VoiceResponse = require('twilio/lib/twiml/VoiceResponse');

exports.handler = (context, event, callback) => {
  const twiml = new VoiceResponse();
  twiml.say('Sorry, nobody on the team can take your call. Please leave a message after the beep.');
  twiml.record({
    action: '/voicemail-recorded',
    method: 'POST',
    maxLength: 120,
    playBeep: true,
    finishOnKey: '#',
    timeout: 5,
    trim: 'trim-silence',
    recordingStatusCallback: '/recording-status',
    recordingStatusCallbackMethod: 'POST',
    recordingStatusCallbackEvent: 'completed absent',
  });
  twiml.say('We did not get a message. Goodbye.');
  twiml.hangup();
  callback(null, twiml);
};
