/** Baseline for POST /transfer-answered: the same REST requests (caller's leg, its conference, participants, hang up the teammate) with `twilio`, then empty TwiML, and nothing else. */
const VoiceResponse = require('twilio/lib/twiml/VoiceResponse');

exports.handler = async (context, event, callback) => {
  const client = context.getTwilioClient();
  const caller = await client.calls(event.ParentCallSid).fetch();
  const [conference] = await client.conferences.list({ friendlyName: `sb-${caller.parentCallSid || caller.sid}`, limit: 20 });
  for (const participant of await client.conferences(conference.sid).participants.list({ limit: 20 })) {
    if (participant.callSid !== event.ParentCallSid) await client.calls(participant.callSid).update({ status: 'completed' });
  }
  callback(null, new VoiceResponse());
};
