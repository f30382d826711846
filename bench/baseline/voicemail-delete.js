/** Baseline for POST /voicemail-delete: the same REST requests (the recording, its call, the delete) with `twilio`, answered as the same JSON, and nothing else (no token check, no voicemail check). */
exports.handler = async (context, event, callback) => {
  const client = context.getTwilioClient();
  const recording = await client.recordings(event.id).fetch();
  await client.calls(recording.callSid).fetch();
  await client.recordings(event.id).remove();
  const response = new Twilio.Response();
  response.appendHeader('Cache-Control', 'no-store');
  response.appendHeader('Content-Type', 'application/json');
  response.setBody({ deleted: event.id });
  callback(null, response);
};
