/**
 * Baseline for GET /voicemail: the same two REST lists (recordings, then their calls) and the same
 * read of the team's marks (newest message's second down, in Sync) with `twilio`, answered as the
 * same JSON, and nothing else (no token check, no filtering, no marks to apply).
 */
exports.handler = async (context, event, callback) => {
  const client = context.getTwilioClient();
  const recordings = (await client.recordings.page({ pageSize: 200 })).instances;
  const calls = (await client.calls.page({ to: context.CALLER_ID, startTimeAfter: new Date(recordings[0].startTime.getTime() - 3600000), pageSize: 1000 })).instances;
  const newest = String(Math.floor(recordings[0].startTime.getTime() / 1000) + 1).padStart(10, '0');
  const marks = client.sync.v1.services(context.SYNC_SERVICE_SID).syncMaps('voicemail').syncMapItems;
  await marks.page({ order: 'desc', from: newest, bounds: 'inclusive', pageSize: 100 }).catch((error) => {
    if (error.status !== 404) throw error;
  });
  const messages = recordings.map((recording) => {
    const call = calls.find((c) => c.sid === recording.callSid);
    return { id: recording.sid, callId: call.sid, from: { number: call.from }, at: recording.startTime.toISOString(), seconds: Number(recording.duration), played: false };
  });
  const response = new Twilio.Response();
  response.appendHeader('Cache-Control', 'no-store');
  response.appendHeader('Content-Type', 'application/json');
  response.setBody({ messages, marks: true });
  callback(null, response);
};
