using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DeliveryKeysAndSentMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SourceKey",
                table: "Notifications",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SentMessages",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SentMessages", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_SourceKey_UserId",
                table: "Notifications",
                columns: new[] { "SourceKey", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SentMessages_SentAt",
                table: "SentMessages",
                column: "SentAt");

            migrationBuilder.CreateIndex(
                name: "IX_SentMessages_TenantId",
                table: "SentMessages",
                column: "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SentMessages");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_SourceKey_UserId",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "SourceKey",
                table: "Notifications");
        }
    }
}
