// Every test keeps media on 127.0.0.1: the simulator offers and accepts only loopback ICE candidates (docs/simulator-media.md).
process.env.SIM_MEDIA_LOOPBACK = '1';
