/** Baseline for POST /voice, phone → team: builds the same ring group with `twilio`, and nothing else. */
const VoiceResponse = require('twilio/lib/twiml/VoiceResponse');

// Every dialled leg reports when it is answered and when it ends (presence).
const LEG = { statusCallback: '/leg-status', statusCallbackMethod: 'POST', statusCallbackEvent: ['answered', 'completed'] };

exports.handler = (context, event, callback) => {
  const twiml = new VoiceResponse();
  const dial = twiml.dial({ answerOnBridge: true, timeout: 20, action: '/dial-complete' });
  const location = [event.FromCity, event.FromState, event.FromCountry].join(', ');
  for (const member of context.TEAM.split(',')) {
    const client = dial.client(LEG);
    client.identity(member.split(':')[0]);
    client.parameter({ name: 'callerNumber', value: event.From });
    client.parameter({ name: 'callerLocation', value: location });
  }
  callback(null, twiml);
};
