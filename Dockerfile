# One Glimpse instance. `npm start` (scripts/start.mjs) checks the configuration, migrates the
# configured database and serves; the image is built once, so the instances never build.
FROM node:20-bookworm-slim
RUN apt-get update -qq && apt-get install -y -qq python3 make g++ >/dev/null && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build.mjs --force
ENV NODE_ENV=production PORT=3000
EXPOSE 3000
USER node
CMD ["node", "scripts/start.mjs"]
