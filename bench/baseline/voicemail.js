/** Baseline for GET /voicemail: the same two REST lists (recordings, then their calls) with `twilio`, answered as the same JSON, and nothing else (no token check, no filtering). */
exports.handler = async (context, event, callback) => {
  const client = context.getTwilioClient();
  const recordings = (await client.recordings.page({ pageSize: 200 })).instances;
  const calls = (await client.calls.page({ to: context.CALLER_ID, startTimeAfter: new Date(recordings[0].startTime.getTime() - 3600000), pageSize: 1000 })).instances;
  const messages = recordings.map((recording) => {
    const call = calls.find((c) => c.sid === recording.callSid);
    return { id: recording.sid, callId: call.sid, from: { number: call.from }, at: recording.startTime.toISOString(), seconds: Number(recording.duration) };
  });
  const response = new Twilio.Response();
  response.appendHeader('Cache-Control', 'no-store');
  response.appendHeader('Content-Type', 'application/json');
  response.setBody({ messages });
  callback(null, response);
};
