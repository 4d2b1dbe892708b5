# VibeCoder hub. Build: docker build -t vibecoder/hub . (docker compose up --build does it for you)

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /build
# dependencies first, so that a source change does not download them again
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
# the JUnit console launcher that runs generated Java projects' tests in the sandbox
# (the version scripts/services-up.sh fetches)
ARG JUNIT_LAUNCHER_VERSION=1.12.2
RUN mvn -B -q dependency:copy \
      -Dartifact=org.junit.platform:junit-platform-console-standalone:${JUNIT_LAUNCHER_VERSION} \
      -DoutputDirectory=/build/sandbox -Dmdep.stripVersion=true
COPY src src
RUN mvn -B -q package -DskipTests

# a JDK, not a JRE: the sandbox compiles generated Java projects with the hub's own JDK
FROM eclipse-temurin:21-jdk
# bubblewrap is the sandbox generated code runs in; python3 runs generated Python projects
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends bubblewrap python3 \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system vibecoder && useradd --system --gid vibecoder --home-dir /app vibecoder \
    && install -d -o vibecoder -g vibecoder -m 700 /var/lib/vibecoder
WORKDIR /app
# the hub reads ./config (settings, roles, workflows, schemas) and ./routes (the Camel routes)
COPY --from=build /build/target/vibecoder-*.jar /app/vibecoder.jar
COPY --from=build /build/sandbox/junit-platform-console-standalone.jar /app/sandbox/
COPY config /app/config
COPY routes /app/routes
ENV VIBECODER_SANDBOX_JUNIT_LAUNCHER=/app/sandbox/junit-platform-console-standalone.jar
# not root: the kernel then enforces the sandbox's process limit without a change of user
USER vibecoder
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# bash's /dev/tcp needs no curl or wget in the image
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "-jar", "/app/vibecoder.jar"]
