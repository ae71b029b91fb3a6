package com.flowsupport.channel;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.flowsupport.shared.test.ServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The widget in a real browser (headless Chromium through Selenium): the demo page loads
 * it, a visitor asks, the bot's answer streams in with its citation, the visitor asks for
 * a human, the ticket is announced, and an agent's reply appears live. Leaves a
 * screenshot in {@code target/widget/}. Needs Debian's {@code chromium} and
 * {@code chromium-driver}; skipped where they are not installed.
 */
@ServiceIntegrationTest
class WidgetBrowserTest {

	private static final Logger log = LoggerFactory.getLogger(WidgetBrowserTest.class);

	private static final String CHROMIUM = "/usr/bin/chromium";

	private static final String DRIVER = "/usr/bin/chromedriver";

	@Value("${local.server.port}")
	int port;

	@Autowired
	StringRedisTemplate redis;

	private ChromeDriver browser;

	@BeforeEach
	void openBrowser() {
		assumeTrue(Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(DRIVER)),
				"Chromium and its driver are not installed");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1280,860");
		this.browser = new ChromeDriver(
				new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build(), options);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void aVisitorGetsABotAnswerThenAHumanOnTheDemoPage() throws Exception {
		Tenant tenant = new Tenant(this.port);
		JsonNode widget = tenant.createChannel(Map.of("type", "widget", "name", "Acme Support", "botEnabled", true,
				"config", Map.of("greeting", "Hi! Ask us anything about your printer.")));
		String question = "How do I reset my printer? " + UUID.randomUUID().toString().substring(0, 4);
		AiStandIn.answers("conv-" + UUID.randomUUID(), question);
		WebDriverWait wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
		// Streamed answers re-render their bubble: an element read mid-stream is looked
		// up again.
		wait.ignoring(StaleElementReferenceException.class);

		this.browser.get("http://localhost:" + this.port + "/widget/demo/" + widget.get("widgetKey").asString());
		WebElement host = wait.until((d) -> d.findElement(By.id("flowsupport-widget")));
		Object ready = ((JavascriptExecutor) this.browser).executeScript("return window.__flowsupportWidgetReady");
		log.info("Widget first render: {} ms after navigation start", ready);
		SearchContext widgetRoot = host.getShadowRoot();

		widgetRoot.findElement(By.cssSelector(".launch")).click();
		wait.until((d) -> widgetRoot.findElement(By.cssSelector(".panel")).getAttribute("class").contains("open"));
		wait.until((d) -> widgetRoot.findElement(By.cssSelector(".log")).getText().contains("Ask us anything"));
		WebElement input = widgetRoot.findElement(By.cssSelector("textarea"));
		input.sendKeys(question);
		widgetRoot.findElement(By.cssSelector("button.send")).click();

		WebElement answer = wait.until((d) -> widgetRoot.findElements(By.cssSelector(".msg.bot"))
			.stream()
			.filter((m) -> m.getText().contains("Hold the reset button")
					&& !m.findElements(By.cssSelector(".cites a")).isEmpty())
			.findFirst()
			.orElse(null));
		WebElement citation = answer.findElement(By.cssSelector(".cites a"));
		assertThat(citation.getText()).isEqualTo("Resetting your printer");
		assertThat(citation.getAttribute("href")).isEqualTo("https://help.acme.test/articles/resetting-your-printer");

		widgetRoot.findElement(By.cssSelector("button.human")).click();
		WebElement notice = wait.until((d) -> widgetRoot.findElements(By.cssSelector(".msg.system"))
			.stream()
			.filter((m) -> m.getText().contains("ticket #"))
			.findFirst()
			.orElse(null));
		assertThat(notice.getText()).contains("An agent will reply here");

		String channelId = widget.get("id").asString();
		UUID ticketId = UUID.fromString(tenant.messages(channelId)
			.stream()
			.filter((m) -> m.hasNonNull("ticketId"))
			.findFirst()
			.orElseThrow()
			.get("ticketId")
			.asString());
		tenant.commentCreated(this.redis, ticketId, "Hi, Sam from Acme here. I'm sending a replacement part today.",
				true, "agent");
		wait.until((d) -> widgetRoot.findElements(By.cssSelector(".msg.agent"))
			.stream()
			.anyMatch((m) -> m.getText().contains("sending a replacement part")));

		Path shots = Path.of("target", "widget");
		Files.createDirectories(shots);
		File shot = this.browser.getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), shots.resolve("widget-conversation.png"), StandardCopyOption.REPLACE_EXISTING);
		assertThat(shots.resolve("widget-conversation.png")).isNotEmptyFile();
	}

}
